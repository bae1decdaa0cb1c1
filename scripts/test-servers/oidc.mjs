// A standards-compliant OIDC provider for the identity tests (issue 14): npm `oidc-provider` with
// its own login and consent pages (devInteractions: any user name signs in; the password field is
// not checked), on a free loopback port. One confidential client with the portal's redirect URI;
// the ID token carries email, name and a `groups` claim from the ACCOUNTS table below (unknown
// user names get no groups). Usage: `const op = await startOidc({ redirectUri, port? })` → { issuer,
// clientId, clientSecret, stop() }. From a shell: `node scripts/test-servers/oidc.mjs <redirectUri>`.
import http from "node:http";
import net from "node:net";
import { randomBytes } from "node:crypto";
import Provider from "oidc-provider";

export const ACCOUNTS = {
  olivia: { email: "olivia@sso.example", name: "Olivia SSO", groups: ["portal-devs"] },
  oscar: { email: "oscar@sso.example", name: "Oscar SSO", groups: ["portal-admins"] },
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startOidc({ redirectUri, port, clientId = "caas-portal", clientSecret = "oidc-secret-" + randomBytes(12).toString("hex") } = {}) {
  port ??= await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    async findAccount(_ctx, id) {
      const a = ACCOUNTS[id] ?? { email: `${id}@sso.example`, name: id, groups: [] };
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: a.email, email_verified: true, name: a.name, preferred_username: id, groups: a.groups };
        },
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username", "groups"] },
    scopes: ["openid", "email", "profile"],
    // Every claim of the granted scopes in the ID token (next-auth reads the ID token).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    // The dev consent page auto-grants nothing: grant the requested scopes for our one client.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  provider.proxy = false;
  const server = http.createServer(provider.callback());
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return {
    issuer,
    port,
    clientId,
    clientSecret,
    async stop() {
      await new Promise((r) => server.close(r));
      server.closeAllConnections?.();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const op = await startOidc({ redirectUri: process.argv[2] ?? "http://127.0.0.1:3000/api/auth/callback/oidc" });
  console.log(JSON.stringify({ issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret }, null, 2));
  const end = () => void op.stop().then(() => process.exit(0));
  process.on("SIGINT", end);
  process.on("SIGTERM", end);
}
