// Running the host registration command (issue 15) on a lab host, as a user would on a machine:
// the machine's sh and curl inside the host's network namespace, with the settings that point the
// script at the lab engine's own paths (its drop-in directory, socket and the restart hook).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { restartLabHost } from "./lab";

export const root = path.resolve(import.meta.dirname, "../..");
export const labDir = process.env.CAAS_LAB_DIR || "/var/lib/caas-lab";

export function labRegistrationEnv(h: string, name: string): Record<string, string> {
  return {
    CAAS_HOST_NAME: name,
    CAAS_DOCKER_CONFIG_DIR: path.join(labDir, h, "caas"),
    CAAS_DOCKER_DROPIN: path.join(labDir, h, "dockerd.d", "caas-tls.flags"),
    CAAS_DOCKER_DROPIN_FORMAT: "flags",
    CAAS_DOCKER_RESTART: `bash ${path.join(root, "scripts", "lab", "restart-host.sh")} ${h}`,
    CAAS_DOCKER_SOCKET: `/run/caas-lab/${h}.sock`,
  };
}

/** Runs a shell command line in lab host h's network namespace (no sudo in the lab: we are root,
 * so "| sudo sh" becomes "| sh"). */
export function runInLabHost(h: string, commandLine: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  const line = commandLine.replace(/\|\s*sudo sh\s*$/, "| sh");
  return new Promise((resolve, reject) => {
    const p = spawn("nsenter", [`--net=/run/netns/caas-lab-${h}`, "sh", "-c", line], {
      env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: "/root", ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("error", reject);
    p.on("exit", (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Puts lab host h back as up.sh makes it: no drop-in, plain tcp://10.77.0.1N:2375. */
export async function restoreLabHost(h: string): Promise<void> {
  fs.rmSync(path.join(labDir, h, "dockerd.d"), { recursive: true, force: true });
  fs.rmSync(path.join(labDir, h, "caas"), { recursive: true, force: true });
  await restartLabHost(h);
}
