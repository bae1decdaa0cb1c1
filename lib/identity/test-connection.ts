// "Test connection" for the admin page (issue 14): each step with a clear result — connect (TLS),
// service bind, optional user lookup, group search — or, for OIDC, the discovery document.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { id, parseInput, z } from "@/lib/validation";
import { parseProviderSettings } from "./providers";
import { directoryFor } from "./ldap/ldap-login";
import { DirectoryBindFailed } from "./ldap/ldap-directory";
import type { OidcSettings } from "./oidc-settings";

export interface TestStep {
  step: "connect" | "bind" | "user" | "groups" | "discovery";
  ok: boolean;
  message: string;
}

export interface TestResult {
  ok: boolean;
  steps: TestStep[];
}

const input = z.object({ username: z.string().trim().max(200).optional() }).strict();

async function testOidc(s: OidcSettings): Promise<TestResult> {
  const url = s.issuer.replace(/\/$/, "") + "/.well-known/openid-configuration";
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!r.ok) return { ok: false, steps: [{ step: "discovery", ok: false, message: `The discovery document answered HTTP ${r.status}.` }] };
    const doc = (await r.json()) as { issuer?: string; authorization_endpoint?: string; token_endpoint?: string; code_challenge_methods_supported?: string[] };
    if (doc.issuer?.replace(/\/$/, "") !== s.issuer.replace(/\/$/, ""))
      return { ok: false, steps: [{ step: "discovery", ok: false, message: `The discovery document names another issuer (${doc.issuer}).` }] };
    const pkce = !doc.code_challenge_methods_supported || doc.code_challenge_methods_supported.includes("S256");
    return {
      ok: pkce,
      steps: [
        {
          step: "discovery",
          ok: pkce,
          message: pkce ? `Discovery found: authorization at ${doc.authorization_endpoint}.` : "The provider does not support PKCE with S256.",
        },
      ],
    };
  } catch (e) {
    return { ok: false, steps: [{ step: "discovery", ok: false, message: `The discovery document could not be fetched: ${(e as Error).message}` }] };
  }
}

export async function testIdentityProvider({ actor, providerId, input: raw }: { actor: Actor; providerId: unknown; input: unknown }): Promise<TestResult> {
  authorize(actor, "identity.manage");
  const p = await db.identityProvider.findUnique({ where: { id: parseInput(id, providerId) } });
  if (!p) throw notFound("Identity provider");
  const data = parseInput(input, raw ?? {});
  if (p.kind === "oidc") return testOidc(parseProviderSettings(p) as OidcSettings);
  const steps: TestStep[] = [];
  const dir = directoryFor(p);
  try {
    await dir.open();
    steps.push({ step: "connect", ok: true, message: "Connected." }, { step: "bind", ok: true, message: "The service account bound." });
  } catch (e) {
    if (e instanceof DirectoryBindFailed) {
      steps.push(
        { step: "connect", ok: true, message: "Connected." },
        { step: "bind", ok: false, message: "Bind failed: the directory refused the service account's DN or password." },
      );
    } else steps.push({ step: "connect", ok: false, message: `Cannot connect: ${(e as Error).message}` });
    return { ok: false, steps };
  }
  try {
    if (data.username) {
      const u = await dir.findByLogin(data.username);
      if (!u) {
        steps.push({ step: "user", ok: false, message: `User not found: no single entry matches the user filter for "${data.username}".` });
        return { ok: false, steps };
      }
      steps.push({ step: "user", ok: true, message: `User found: ${u.dn} (id ${u.externalId}, email ${u.email || "none"}).` });
      const groups = await dir.groupsOf(u);
      steps.push({
        step: "groups",
        ok: true,
        message: `Group search returned ${groups.length} groups${
          groups.length
            ? ": " +
              groups
                .map((g) => g.name || g.dn)
                .slice(0, 20)
                .join(", ")
            : ""
        }.`,
      });
    }
    return { ok: true, steps };
  } catch (e) {
    steps.push({ step: data.username ? "user" : "bind", ok: false, message: `Search failed: ${(e as Error).message}` });
    return { ok: false, steps };
  } finally {
    await dir.close();
  }
}
