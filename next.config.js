// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native argon2 bindings and the Prisma driver stack stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "@prisma/adapter-pg", "pg", "twilio"],
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { tsconfigPath: "tsconfig.json" },
  // `next dev` would otherwise write AGENTS.md / upgrade notes into the project root.
  agentRules: false,
  experimental: {
    agentUpgrade: false,
    agentFeedback: false,
    // forbidden() + forbidden.tsx: members who open an admin page get a real 403 page.
    authInterrupts: true,
  },
};

export default nextConfig;
