// Shared set-up for unit tests that touch the database: imported first (before any lib module
// reads the environment), it insists on DATABASE_URL and supplies a test GATEHOUSE_SECRET.
if (!process.env.DATABASE_URL) {
  throw new Error(
    "DATABASE_URL is not set: these tests need a migrated PostgreSQL database, " +
      "e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/gatehouse_test (npm test sets it).",
  );
}
process.env.GATEHOUSE_SECRET ||= "unit-test-secret-unit-test-secret-0123456789";
