// Password length rules, apart from the hashing code so browser forms can share them.
export const PASSWORD_MIN_LENGTH = 8;
/** argon2 accepts any length; a cap keeps a hostile 1 MB "password" from costing anything extra. */
export const PASSWORD_MAX_LENGTH = 256;
