// Types of observe.mjs for the TypeScript tests.
export function freePort(host?: string): Promise<number>;
export interface Prometheus {
  url: string;
  log(): string;
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  targets(): Promise<{ labels: Record<string, string>; health: string; lastError: string }[]>;
  stop(): Promise<void>;
}
export function startPrometheus(o: {
  scrapeConfigs: { job: string; path: string; target: string; token?: string; params?: Record<string, string> }[];
  intervalSeconds?: number;
}): Promise<Prometheus>;
export function startSyslogReceiver(o?: { host?: string }): Promise<{ host: string; port: number; log(): string; lines(): string[]; stop(): Promise<void> }>;
export function startSmtpSink(): Promise<{ host: string; port: number; messages: { from?: string; to: string[]; raw: string }[]; stop(): Promise<void> }>;
export function startWebhookReceiver(o?: {
  netns?: string;
  host?: string;
  port?: number;
}): Promise<{ url: string; requests: { method: string; url: string; headers: Record<string, string>; body: string }[]; stop(): Promise<void> }>;
