// App limits without server imports (the panel's app form uses them in the browser).
export const AUTH_DURATION_MIN = 60; // one minute
export const AUTH_DURATION_MAX = 31_536_000; // one year
export const AUTH_DURATION_DEFAULT = 900; // Cortex's default: 15 minutes idle
