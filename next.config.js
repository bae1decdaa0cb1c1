import createNextIntlPlugin from "next-intl/plugin";

// next-intl without locale segments in the URL: lib/i18n/request.ts picks the locale per request.
const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

// dockerode pulls ssh2's native addon, which Turbopack cannot place in an ESM chunk: keep it external.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["dockerode", "ssh2", "better-sqlite3", "socket.io"],
  poweredByHeader: false,
};
export default withNextIntl(nextConfig);
