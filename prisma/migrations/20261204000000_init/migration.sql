-- Ids shaped like Cortex/MongoDB ObjectIds: 8 hex digits of epoch seconds + 16 random hex digits.
CREATE OR REPLACE FUNCTION gatehouse_object_id() RETURNS char(24) LANGUAGE sql VOLATILE AS $$
  SELECT lpad(to_hex(floor(extract(epoch FROM clock_timestamp()))::bigint), 8, '0')
      || substr(md5(gen_random_uuid()::text || clock_timestamp()::text), 1, 16)
$$;

-- CreateSchema

-- CreateEnum
CREATE TYPE "AppType" AS ENUM ('session', 'signature');

-- CreateEnum
CREATE TYPE "AccountState" AS ENUM ('unverified', 'verified');

-- CreateEnum
CREATE TYPE "LocationState" AS ENUM ('unverified', 'verified', 'revoked');

-- CreateEnum
CREATE TYPE "VerifiedBy" AS ENUM ('code', 'registration', 'bypass');

-- CreateTable
CREATE TABLE "orgs" (
    "id" CHAR(24) NOT NULL DEFAULT gatehouse_object_id(),
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "registration_enabled" BOOLEAN NOT NULL DEFAULT false,
    "lock_attempts" INTEGER NOT NULL DEFAULT 10,
    "lock_duration" INTEGER NOT NULL DEFAULT 15,
    "simultaneous_logins" BOOLEAN NOT NULL DEFAULT true,
    "bypass_emails" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sms_daily_budget" INTEGER NOT NULL DEFAULT 1000,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orgs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "apps" (
    "id" CHAR(24) NOT NULL DEFAULT gatehouse_object_id(),
    "org_id" CHAR(24) NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "secret_encrypted" TEXT NOT NULL,
    "type" "AppType" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "csrf" BOOLEAN NOT NULL DEFAULT false,
    "auth_duration" INTEGER NOT NULL DEFAULT 900,
    "expires_at" TIMESTAMP(3),
    "principal_override" BOOLEAN NOT NULL DEFAULT false,
    "fixed_principal_id" CHAR(24),
    "ip_allow_list" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cors_origins" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "built_in" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "apps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" CHAR(24) NOT NULL DEFAULT gatehouse_object_id(),
    "org_id" CHAR(24) NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "name_first" TEXT NOT NULL DEFAULT '',
    "name_last" TEXT NOT NULL DEFAULT '',
    "mobile" TEXT,
    "roles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "state" "AccountState" NOT NULL DEFAULT 'verified',
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMP(3),
    "password_changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "locations" (
    "id" CHAR(24) NOT NULL DEFAULT gatehouse_object_id(),
    "org_id" CHAR(24) NOT NULL,
    "account_id" CHAR(24) NOT NULL,
    "fingerprint_hash" TEXT NOT NULL,
    "app_id" CHAR(24) NOT NULL,
    "state" "LocationState" NOT NULL DEFAULT 'unverified',
    "name" TEXT,
    "verified_by" "VerifiedBy",
    "verified_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "last_login_at" TIMESTAMP(3),
    "last_login_ip" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "locations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification_codes" (
    "id" CHAR(24) NOT NULL DEFAULT gatehouse_object_id(),
    "account_id" CHAR(24) NOT NULL,
    "location_id" CHAR(24) NOT NULL,
    "code_hash" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "burned_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verification_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" CHAR(24) NOT NULL DEFAULT gatehouse_object_id(),
    "token_hash" TEXT NOT NULL,
    "org_id" CHAR(24) NOT NULL,
    "account_id" CHAR(24) NOT NULL,
    "app_id" CHAR(24) NOT NULL,
    "location_id" CHAR(24),
    "fingerprint_hash" TEXT NOT NULL,
    "csrf_hash" TEXT,
    "single_use" BOOLEAN NOT NULL DEFAULT false,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "ended_at" TIMESTAMP(3),
    "end_reason" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "org_id" CHAR(24) NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "account_id" CHAR(24),
    "location_id" CHAR(24),
    "app_id" CHAR(24),
    "ip" TEXT,
    "user_agent" TEXT,
    "detail" JSONB,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_events" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rate_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_counters" (
    "key" TEXT NOT NULL,
    "window" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_counters_pkey" PRIMARY KEY ("key","window")
);

-- CreateTable
CREATE TABLE "signature_nonces" (
    "app_id" CHAR(24) NOT NULL,
    "nonce" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "signature_nonces_pkey" PRIMARY KEY ("app_id","nonce")
);

-- CreateIndex
CREATE UNIQUE INDEX "orgs_code_key" ON "orgs"("code");

-- CreateIndex
CREATE UNIQUE INDEX "apps_key_key" ON "apps"("key");

-- CreateIndex
CREATE INDEX "apps_org_id_idx" ON "apps"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_org_id_email_key" ON "accounts"("org_id", "email");

-- CreateIndex
CREATE INDEX "locations_org_id_idx" ON "locations"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "locations_account_id_fingerprint_hash_key" ON "locations"("account_id", "fingerprint_hash");

-- CreateIndex
CREATE INDEX "verification_codes_location_id_created_at_idx" ON "verification_codes"("location_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_account_id_idx" ON "sessions"("account_id");

-- CreateIndex
CREATE INDEX "sessions_location_id_idx" ON "sessions"("location_id");

-- CreateIndex
CREATE INDEX "audit_events_org_id_at_idx" ON "audit_events"("org_id", "at");

-- CreateIndex
CREATE INDEX "audit_events_org_id_account_id_at_idx" ON "audit_events"("org_id", "account_id", "at");

-- CreateIndex
CREATE INDEX "audit_events_org_id_type_at_idx" ON "audit_events"("org_id", "type", "at");

-- CreateIndex
CREATE INDEX "rate_events_key_at_idx" ON "rate_events"("key", "at");

-- CreateIndex
CREATE INDEX "signature_nonces_expires_at_idx" ON "signature_nonces"("expires_at");

-- AddForeignKey
ALTER TABLE "apps" ADD CONSTRAINT "apps_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "locations" ADD CONSTRAINT "locations_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_codes" ADD CONSTRAINT "verification_codes_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

