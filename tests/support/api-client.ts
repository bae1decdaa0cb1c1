// A small REST client for integration tests: bearer tokens or a next-auth session cookie.

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly auth: { token?: string; cookie?: string; origin?: string | null } = {},
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.auth.token) h.authorization = `Bearer ${this.auth.token}`;
    if (this.auth.cookie) h.cookie = this.auth.cookie;
    if (this.auth.origin) h.origin = this.auth.origin;
    if (body !== undefined) h["content-type"] = "application/json";
    const r = await fetch(this.baseUrl + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), redirect: "manual" });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* text */
    }
    return { status: r.status, body: parsed as T, headers: r.headers };
  }
  get<T = any>(p: string) {
    return this.request<T>("GET", p);
  }
  post<T = any>(p: string, b?: unknown) {
    return this.request<T>("POST", p, b ?? {});
  }
  patch<T = any>(p: string, b?: unknown) {
    return this.request<T>("PATCH", p, b ?? {});
  }
  put<T = any>(p: string, b?: unknown) {
    return this.request<T>("PUT", p, b ?? {});
  }
  delete<T = any>(p: string, b?: unknown) {
    return this.request<T>("DELETE", p, b);
  }
}

export async function tokenClient(baseUrl: string, email: string, password: string): Promise<ApiClient> {
  const r = await new ApiClient(baseUrl).post("/api/v1/tokens", { email, password, name: "integration" });
  if (r.status !== 201) throw new Error(`token for ${email}: ${r.status} ${JSON.stringify(r.body)}`);
  return new ApiClient(baseUrl, { token: r.body.token });
}

/** Signs in through next-auth's credentials flow and returns the session cookie header. */
export async function sessionCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const r = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  const session = r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in failed for ${email}: ${r.status}`);
  return session;
}

let counter = 0;
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

/** Polls GET /api/v1/jobs/{id} until it ends; returns the final job. */
export async function waitForJob(
  api: ApiClient,
  jobId: string,
  timeoutMs = 120_000,
): Promise<{ status: string; error?: string; progress: number; message: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await api.get(`/api/v1/jobs/${jobId}`);
    if (r.status !== 200) throw new Error(`job ${jobId}: ${r.status} ${JSON.stringify(r.body)}`);
    if (["succeeded", "failed", "cancelled"].includes(r.body.status)) return r.body;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${r.body.status} after ${timeoutMs} ms: ${r.body.message}`);
    await new Promise((res) => setTimeout(res, 300));
  }
}
