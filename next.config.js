// dockerode pulls ssh2's native addon, which Turbopack cannot place in an ESM chunk: keep it external.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["dockerode", "ssh2", "better-sqlite3", "socket.io"],
  poweredByHeader: false,
};
export default nextConfig;
