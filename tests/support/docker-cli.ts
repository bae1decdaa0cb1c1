// The docker CLI against a lab engine, with a credential store of its own per user (`--config`):
// what a person does on a host (login, tag, push, pull). The CLI comes from PATH (docker.io installs
// one; some machines ship a newer one in /usr/local/bin).
import { spawn } from "node:child_process";
import { tempDir } from "./distribution";

export function dockerCli(configDir: string, args: string[], host: string, stdin?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn("docker", ["--config", configDir, "-H", host, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (c) => (out += c));
    p.stderr.on("data", (c) => (out += c));
    p.stdin.end(stdin ?? "");
    p.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

/** A fresh credential store logged in to `registry` as `email` (throws with the CLI's output otherwise). */
export async function dockerLogin(registry: string, email: string, secret: string, host: string): Promise<string> {
  const dir = tempDir("caas-docker-");
  const r = await dockerCli(dir, ["login", registry, "-u", email, "--password-stdin"], host, secret);
  if (r.code !== 0) throw new Error(`docker login ${registry} as ${email}: ${r.out}`);
  return dir;
}
