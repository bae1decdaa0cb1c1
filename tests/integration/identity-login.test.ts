// Issue 14, login protection against the real portal: per-account throttling with exponential
// backoff and a temporary lock (held in the database), another account unaffected, the same answer
// for unknown accounts and wrong passwords in comparable time, password policy on every password
// path, the web login and the registry token endpoint behind the same throttle, all audited.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, sessionCookie, tokenClient, unique } from "../support/api-client";

const baseUrl = inject("baseUrl");
let admin: ApiClient;
const defaults = {
  accountFreeFailures: 3,
  accountLockAfter: 10,
  addressFreeFailures: 50,
  addressLockAfter: 500,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  lockMinutes: 15,
  windowMinutes: 15,
};

async function mkUser(label: string, password = `pw-${label}-Good-1`) {
  const email = `${unique(label)}@example.test`.toLowerCase();
  const r = await admin.post("/api/v1/users", { email, name: label, password });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id as string, email, password };
}

const tokenAttempt = (email: string, password: string) => new ApiClient(baseUrl).post("/api/v1/tokens", { email, password, name: "bf" });

/** next-auth credentials sign-in; answers the session cookie or the error reason. */
async function webLogin(email: string, password: string, otp?: string): Promise<{ cookie?: string; error?: string }> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const r = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, ...(otp ? { otp } : {}), json: "true" }),
    redirect: "manual",
  });
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("next-auth.session-token="));
  if (cookie) return { cookie };
  const loc = r.headers.get("location") ?? ((await r.json().catch(() => ({}))) as { url?: string }).url ?? "";
  return { error: new URL(loc, baseUrl).searchParams.get("error") ?? `status ${r.status}` };
}

async function clearAddress() {
  for (const address of ["127.0.0.1", "::ffff:127.0.0.1", "::1"]) await admin.post("/api/v1/identity-settings/unlock", { address });
}

beforeAll(async () => {
  const a = inject("admin");
  admin = await tokenClient(baseUrl, a.email, a.password);
});

afterAll(async () => {
  await admin.put("/api/v1/identity-settings", { throttle: defaults });
  await clearAddress();
});

describe("brute force", () => {
  it("50 wrong passwords in a row are slowed down, then locked; another account keeps signing in", async () => {
    expect((await admin.put("/api/v1/identity-settings", { throttle: { ...defaults, baseDelayMs: 100, maxDelayMs: 1600 } })).status).toBe(200);
    const victim = await mkUser("victim");
    const other = await mkUser("other");
    const outcomes: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await tokenAttempt(victim.email, "not-the-password-" + i);
      expect(r.status).toBe(401);
      const rule = r.body.error.details?.[0]?.rule as string;
      outcomes.push(rule);
      // Throttled: the answer says how long to wait; a patient attacker waits, and gets locked.
      if (rule === "throttled") await new Promise((res) => setTimeout(res, 1000 * Number(/wait (\d+) seconds/.exec(r.body.error.message)![1])));
      // The other account is not affected at any point.
      if (i % 10 === 0) expect((await tokenAttempt(other.email, other.password)).status).toBe(201);
    }
    const wrong = outcomes.filter((o) => o === "wrong").length;
    expect(outcomes.slice(0, 3)).toEqual(["wrong", "wrong", "wrong"]);
    expect(outcomes).toContain("throttled");
    expect(outcomes.at(-1)).toBe("locked");
    // Only the attempts that were let through checked a password: ten, then the lock.
    expect(wrong).toBe(defaults.accountLockAfter);
    // Locked: even the right password is refused, on every password path, with the same reason.
    const right = await tokenAttempt(victim.email, victim.password);
    expect(right.status).toBe(401);
    expect(right.body.error.details[0].rule).toBe("locked");
    expect(right.body.error.message).toMatch(/locked for \d+ minutes/);
    expect((await webLogin(victim.email, victim.password)).error).toBe("locked");
    const reg = await fetch(`${baseUrl}/api/registry/token?service=caas-registry`, {
      headers: { authorization: "Basic " + Buffer.from(`${victim.email}:${victim.password}`).toString("base64") },
    });
    expect(reg.status).toBe(401);
    // The other account signs in on the web and by token meanwhile.
    expect((await webLogin(other.email, other.password)).cookie).toBeTruthy();
    expect((await tokenAttempt(other.email, other.password)).status).toBe(201);
    // Audited: failures and the lock.
    const audit = await admin.get(`/api/v1/audit?action=auth.lock&limit=50`);
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain(victim.email);
    const failures = await admin.get(`/api/v1/audit?action=auth.failure&limit=100`);
    expect(JSON.stringify(failures.body)).toContain(victim.email);
    // An admin unlocks the account; the right password works again.
    expect((await admin.post("/api/v1/identity-settings/unlock", { login: victim.email })).body.cleared).toBe(1);
    expect((await tokenAttempt(victim.email, victim.password)).status).toBe(201);
    await clearAddress();
  });

  it("the lock is an unknown account's lock too: the answers never tell whether an account exists", async () => {
    expect((await admin.put("/api/v1/identity-settings", { throttle: { ...defaults, baseDelayMs: 0, accountLockAfter: 4 } })).status).toBe(200);
    const known = await mkUser("known");
    const ghost = `${unique("ghost")}@example.test`;
    const seq = async (email: string) => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await tokenAttempt(email, "wrong-password-" + i);
        out.push(`${r.status} ${r.body.error.details[0].rule} ${r.body.error.message.replace(/\d+/g, "N")}`);
      }
      return out;
    };
    expect(await seq(ghost)).toEqual(await seq(known.email));
    await clearAddress();
  });

  it("per address: failures spread over many accounts slow that address down", async () => {
    await clearAddress();
    expect(
      (await admin.put("/api/v1/identity-settings", { throttle: { ...defaults, addressFreeFailures: 5, addressLockAfter: 50, baseDelayMs: 5000 } })).status,
    ).toBe(200);
    const rules: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await tokenAttempt(`${unique("spray")}@example.test`, "Spring2026!");
      rules.push(r.body.error.details[0].rule);
    }
    expect(rules.slice(0, 5)).toEqual(["wrong", "wrong", "wrong", "wrong", "wrong"]);
    expect(rules.slice(5)).toEqual(["throttled", "throttled"]);
    await clearAddress();
    expect((await admin.put("/api/v1/identity-settings", { throttle: defaults })).status).toBe(200);
  });

  it("unknown accounts and wrong passwords take comparable time (figures in the log)", async () => {
    expect(
      (
        await admin.put("/api/v1/identity-settings", {
          throttle: { ...defaults, accountFreeFailures: 100, accountLockAfter: 1000, addressFreeFailures: 10_000, addressLockAfter: 100_000 },
        })
      ).status,
    ).toBe(200);
    const known = await mkUser("timing");
    const time = async (email: string) => {
      const t = performance.now();
      const r = await tokenAttempt(email, "wrong-password-x");
      expect(r.status).toBe(401);
      return performance.now() - t;
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) await time(known.email); // warm-up
    for (let i = 0; i < 25; i++) {
      wrong.push(await time(known.email));
      unknown.push(await time(`${unique("nobody")}@example.test`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const mw = median(wrong);
    const mu = median(unknown);
    console.log(
      `[identity-login] timing over 25 attempts each: wrong password median ${mw.toFixed(1)} ms (min ${Math.min(...wrong).toFixed(1)}, max ${Math.max(...wrong).toFixed(1)}); unknown account median ${mu.toFixed(1)} ms (min ${Math.min(...unknown).toFixed(1)}, max ${Math.max(...unknown).toFixed(1)})`,
    );
    // Both pay one bcrypt comparison, which is most of either answer. A path without the bcrypt
    // answers in a fifth of the time (≈ 20 ms against ≈ 100 ms), in every quarter, loaded or not.
    // The lower quartile, not the median: on a machine the other tier loads, the medians of 25
    // samples wander by more than a bcrypt (242 vs 149 ms, minimums 89 vs 85 ms), and even the
    // quartiles by a third (137 vs 102 ms seen in CI), so the check is a ratio: the faster path's
    // quartile is within 15 ms of the slower one's or at least 60 % of it.
    const q1 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 4)];
    const [qw, qu] = [q1(wrong), q1(unknown)];
    const [fast, slow] = [Math.min(qw, qu), Math.max(qw, qu)];
    console.log(`[identity-login] lower quartiles: wrong password ${qw.toFixed(1)} ms, unknown account ${qu.toFixed(1)} ms`);
    expect(slow - fast < 15 || fast > 0.6 * slow, `lower quartiles ${qw.toFixed(1)} vs ${qu.toFixed(1)} ms`).toBe(true);
    await clearAddress();
  });
});

describe("password policy on every password path", () => {
  it("refuses trivial passwords at user creation, admin reset and own change", async () => {
    const email = `${unique("pp")}@example.test`;
    const r = await admin.post("/api/v1/users", { email, name: "PP", password: "password1" });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe("password");
    const u = await mkUser("pp2");
    expect((await admin.patch(`/api/v1/users/${u.id}`, { password: "12345678" })).status).toBe(400);
    const api = await tokenClient(baseUrl, u.email, u.password);
    const own = await api.post("/api/v1/me/password", { currentPassword: u.password, newPassword: "qwertyuiop" });
    expect(own.status).toBe(400);
    expect(own.body.error.details[0].path).toBe("newPassword");
    const wrongCurrent = await api.post("/api/v1/me/password", { currentPassword: "nope-nope-nope", newPassword: "a fine new password 7" });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.error.details[0].path).toBe("currentPassword");
    expect((await api.post("/api/v1/me/password", { currentPassword: u.password, newPassword: "a fine new password 7" })).status).toBe(204);
    expect((await tokenAttempt(u.email, "a fine new password 7")).status).toBe(201);
  });

  it("an admin reset makes the user choose a new password before getting API tokens", async () => {
    const u = await mkUser("reset");
    expect((await admin.patch(`/api/v1/users/${u.id}`, { password: "temporary-Pass-9" })).status).toBe(200);
    const t = await tokenAttempt(u.email, "temporary-Pass-9");
    expect(t.status).toBe(401);
    expect(t.body.error.details[0].rule).toBe("must-change");
    const web = await webLogin(u.email, "temporary-Pass-9");
    expect(web.cookie).toBeTruthy();
    const page = new ApiClient(baseUrl, { cookie: web.cookie, origin: baseUrl });
    expect((await page.get("/api/v1/me/security")).body.mustChangePassword).toBe(true);
    expect((await page.post("/api/v1/me/password", { currentPassword: "temporary-Pass-9", newPassword: "my own choice 42" })).status).toBe(204);
    expect((await tokenAttempt(u.email, "my own choice 42")).status).toBe(201);
  });
});

describe("sessions", () => {
  it("sign out everywhere ends every browser session on the server", async () => {
    const u = await mkUser("sess");
    const c1 = await sessionCookie(baseUrl, u.email, u.password);
    const c2 = await sessionCookie(baseUrl, u.email, u.password);
    const s1 = new ApiClient(baseUrl, { cookie: c1, origin: baseUrl });
    const list = await s1.get("/api/v1/me/sessions");
    expect(list.body.items.length).toBe(2);
    expect(list.body.items.filter((s: { current: boolean }) => s.current).length).toBe(1);
    expect((await s1.delete("/api/v1/me/sessions")).body.revoked).toBe(2);
    expect((await s1.get("/api/v1/me")).status).toBe(401);
    expect((await new ApiClient(baseUrl, { cookie: c2 }).get("/api/v1/me")).status).toBe(401);
  });
});

describe("the session check's plain statement (issue 20: every page and browser request runs it)", () => {
  it("signs in a live session with the user's roles; a revoked, expired, idle, foreign or outdated one, or a disabled user, gets nothing", async () => {
    const { db } = await import("@/lib/db");
    const { loadActorBySession } = await import("@/lib/auth");
    const { IDENTITY_SETTINGS_ID } = await import("@/lib/identity/settings");
    const tag = unique("sess");
    const tenant = await db.tenant.create({ data: { name: tag, slug: tag } });
    const user = await db.user.create({ data: { email: `${tag}@x.test`, name: tag, passwordHash: "x", sessionVersion: 3 } });
    await db.membership.create({ data: { userId: user.id, tenantId: tenant.id, role: "member" } });
    const now = Date.now();
    const session = (o: { revokedAt?: Date; expiresAt?: Date; lastSeenAt?: Date } = {}) =>
      db.session.create({
        data: {
          userId: user.id,
          createdAt: new Date(now),
          lastSeenAt: o.lastSeenAt ?? new Date(now),
          expiresAt: o.expiresAt ?? new Date(now + 3600_000),
          revokedAt: o.revokedAt,
        },
      });
    const settings = await db.identitySettings.findUnique({ where: { id: IDENTITY_SETTINGS_ID } });
    try {
      const live = await session();
      const actor = await loadActorBySession({ uid: user.id, sv: 3, sid: live.id });
      expect(actor).toMatchObject({ userId: user.id, email: `${tag}@x.test`, platformAdmin: false, via: "session" });
      expect([...actor!.roles]).toEqual([[tenant.id, "member"]]);
      // the shell's own read of the memberships: every tenant, by name
      const first = await db.tenant.create({ data: { name: `0-${tag}`, slug: `first-${tag}` } });
      await db.membership.create({ data: { userId: user.id, tenantId: first.id, role: "owner" } });
      const { getMe } = await import("@/lib/users");
      expect((await getMe({ actor: actor! })).memberships).toEqual([
        { tenantId: first.id, tenantName: `0-${tag}`, tenantSlug: `first-${tag}`, role: "owner" },
        { tenantId: tenant.id, tenantName: tag, tenantSlug: tag, role: "member" },
      ]);
      expect(await loadActorBySession({ uid: user.id, sv: 2, sid: live.id })).toBeNull(); // password changed since
      expect(await loadActorBySession({ uid: "someone-else", sv: 3, sid: live.id })).toBeNull();
      expect(await loadActorBySession({ uid: user.id, sv: 3, sid: "c000000000000000nosession" })).toBeNull();
      expect(await loadActorBySession({ uid: user.id, sv: 3, sid: (await session({ revokedAt: new Date(now - 1000) })).id })).toBeNull();
      expect(await loadActorBySession({ uid: user.id, sv: 3, sid: (await session({ expiresAt: new Date(now - 1000) })).id })).toBeNull();
      // idle for two minutes: fine without an idle timeout, signed out with one of a minute
      const idle = await session({ lastSeenAt: new Date(now - 120_000) });
      expect(await loadActorBySession({ uid: user.id, sv: 3, sid: idle.id })).not.toBeNull();
      const idle2 = await session({ lastSeenAt: new Date(now - 120_000) });
      await db.identitySettings.upsert({
        where: { id: IDENTITY_SETTINGS_ID },
        create: { id: IDENTITY_SETTINGS_ID, data: JSON.stringify({ idleTimeoutMinutes: 1 }) },
        update: { data: JSON.stringify({ ...JSON.parse(settings?.data ?? "{}"), idleTimeoutMinutes: 1 }) },
      });
      expect(await loadActorBySession({ uid: user.id, sv: 3, sid: idle2.id })).toBeNull();
      // the live one was used moments ago: not idle
      expect(await loadActorBySession({ uid: user.id, sv: 3, sid: live.id })).not.toBeNull();
      await db.user.update({ where: { id: user.id }, data: { disabled: true } });
      expect(await loadActorBySession({ uid: user.id, sv: 3, sid: live.id })).toBeNull();
    } finally {
      if (settings) await db.identitySettings.update({ where: { id: IDENTITY_SETTINGS_ID }, data: { data: settings.data } });
      else await db.identitySettings.deleteMany({ where: { id: IDENTITY_SETTINGS_ID } });
      await db.session.deleteMany({ where: { userId: user.id } });
      await db.membership.deleteMany({ where: { userId: user.id } });
      await db.user.delete({ where: { id: user.id } });
      await db.tenant.deleteMany({ where: { slug: { in: [tag, `first-${tag}`] } } });
    }
  });
});
