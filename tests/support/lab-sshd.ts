// A real OpenSSH sshd (Debian openssh-server) started by a test inside a lab host's network
// namespace, with its own config, host key and authorized_keys in the test's directory, and the
// docker CLI behind `docker system dial-stdio` talking to that lab host's own engine. Stopped by
// its pid and those of its own per-connection children, never by name.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { eventually, LAB_HOSTS } from "./lab";

export function sshKeygen(file: string): void {
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.pub`, { force: true });
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file], { stdio: "ignore" });
}

/** The pids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return ppid === pid ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
}

export class LabSshd {
  readonly port = 22000 + Math.floor(Math.random() * 900);
  readonly ip: string;
  log = "";
  private proc: ChildProcess | undefined;

  /** i: the lab host's index (0 = lab1); dir: the test's own directory for config and keys. */
  constructor(
    private readonly i: number,
    private readonly dir: string,
  ) {
    this.ip = LAB_HOSTS[i].ip;
    fs.writeFileSync(this.authorizedKeys, "");
  }

  get authorizedKeys(): string {
    return path.join(this.dir, "authorized_keys");
  }

  get running(): boolean {
    return this.proc !== undefined;
  }

  /** ssh://root@<ip>:<port> */
  get endpoint(): string {
    return `ssh://root@${this.ip}:${this.port}`;
  }

  authorize(publicKey: string): void {
    fs.writeFileSync(this.authorizedKeys, `${publicKey.trim()}\n`);
  }

  async start(hostKey: string): Promise<void> {
    const h = LAB_HOSTS[this.i].dir; // h1..h3, or h4..h6 for the second lab set (integration-pg)
    fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 }); // OpenSSH's privilege separation dir
    const cfg = path.join(this.dir, "sshd_config");
    const home = path.join(this.dir, "home");
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      cfg,
      [
        `Port ${this.port}`,
        `ListenAddress ${this.ip}`,
        `HostKey ${hostKey}`,
        `PidFile ${path.join(this.dir, "sshd.pid")}`,
        `AuthorizedKeysFile ${this.authorizedKeys}`,
        "PermitRootLogin prohibit-password",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no",
        "PrintMotd no",
        // the portal keeps a small pool of SSH connections per host, each carrying several channels
        "MaxStartups 50",
        "MaxSessions 50",
        // the remote `docker system dial-stdio` talks to this lab host's own engine; HOME is an
        // empty directory, as on a server whose root has no shell setup: Debian's bash sources
        // ~/.bashrc for every command sshd runs, and this machine's (pyenv init, whose rehash
        // waits on a lock) held each request's channel for up to a minute under load
        `SetEnv DOCKER_HOST=unix:///run/caas-lab/${h}.sock HOME=${home}`,
        "",
      ].join("\n"),
    );
    execFileSync("/usr/sbin/sshd", ["-t", "-f", cfg], { stdio: ["ignore", "ignore", "pipe"] });
    this.log = "";
    const p = spawn("nsenter", [`--net=/run/netns/caas-lab-${h}`, "/usr/sbin/sshd", "-D", "-e", "-f", cfg], { stdio: ["ignore", "ignore", "pipe"] });
    p.stderr!.on("data", (d) => (this.log += d));
    this.proc = p;
    await eventually(
      "sshd listening",
      () =>
        new Promise<boolean>((resolve) => {
          if (p.exitCode !== null) return resolve(false);
          const s = net.connect(this.port, this.ip);
          s.once("data", (d: Buffer) => (s.destroy(), resolve(d.toString().startsWith("SSH-"))));
          s.once("error", () => resolve(false));
        }),
      15_000,
      200,
    );
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.exitCode !== null || !p.pid) return;
    const exited = new Promise((r) => p.once("exit", r));
    // the listener and its per-connection processes (each in its own session, so not in the
    // listener's process group): the portal's pooled SSH connections end, as with a host going away
    const sessions = childrenOf(p.pid);
    process.kill(p.pid, "SIGTERM");
    for (const c of sessions) {
      try {
        process.kill(c, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
    await exited;
  }
}
