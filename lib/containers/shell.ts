// Shell choice and shell ending for web terminals. The Engine API has no "kill exec": a shell is
// started through a tiny wrapper that prints its in-container pid first (the server strips that
// line), so a second short exec can HUP and then KILL it when its socket goes away (T18).
import type { Engine } from "@/lib/docker";
import { appError, AppError, isAppError, problem } from "@/lib/errors";

/** Shells a user may pick; anything else is refused (never a client-supplied command). */
export const SHELL_ALLOW_LIST: Record<string, string[]> = {
  bash: ["/bin/bash", "/usr/bin/bash"],
  sh: ["/bin/sh", "/usr/bin/sh"],
  ash: ["/bin/ash"],
  zsh: ["/bin/zsh", "/usr/bin/zsh"],
};
const AUTO_ORDER = ["bash", "sh", "ash"];
export const PID_MARK = "caas-pid:";

export function noShell(): AppError {
  const message = "No shell was found in this container (tried bash, sh and ash). Images built FROM scratch or distroless have none.";
  return appError("CONFLICT", "containerErrors.noShell", undefined, message, {
    details: [problem("shell", "containerErrors.noShell", undefined, message, "NO_SHELL")],
  });
}

async function runsOk(engine: Engine, engineId: string, cmd: string[]): Promise<{ ok: boolean; stdout: string }> {
  try {
    const r = await (await engine.containerExec(engineId, { cmd })).collect({ maxBytes: 4096 });
    return { ok: r.exitCode === 0, stdout: r.stdout };
  } catch (e) {
    // A missing binary fails the exec start ("executable file not found"): just not this shell.
    if (isAppError(e) && e.code !== "INTERNAL") return { ok: false, stdout: "" };
    if (isAppError(e) && /not found|no such file/i.test(e.message)) return { ok: false, stdout: "" };
    throw e;
  }
}

// A container's filesystem rarely changes its shells: remember what the probe found (bounded),
// which saves one exec (~50 ms) on every later open of the same container.
const found = new Map<string, string>();

/** Absolute path of the shell to run: the user's pick from the allow-list, or bash → sh → ash. */
export async function detectShell(engine: Engine, engineId: string, requested?: string): Promise<string> {
  const key = `${engineId}:${requested ?? ""}`;
  const cached = found.get(key);
  if (cached) return cached;
  const shell = await probeShell(engine, engineId, requested);
  if (found.size > 1000) found.delete(found.keys().next().value!);
  found.set(key, shell);
  return shell;
}

/** Drops a remembered shell (its exec failed: the image may have changed under the same id). */
export function forgetShell(engineId: string): void {
  for (const k of [...found.keys()]) if (k.startsWith(`${engineId}:`)) found.delete(k);
}

async function probeShell(engine: Engine, engineId: string, requested?: string): Promise<string> {
  const names = requested ? [requested] : AUTO_ORDER;
  if (requested && !Object.hasOwn(SHELL_ALLOW_LIST, requested)) {
    const shells = Object.keys(SHELL_ALLOW_LIST).join(", ");
    const message = `Unknown shell; pick one of ${shells}.`;
    throw appError("VALIDATION", "containerErrors.unknownShell", { shells }, message, {
      details: [problem("shell", "containerErrors.unknownShell", { shells }, message, "NO_SHELL")],
    });
  }
  // One probe through /bin/sh answers for all candidates in the common case.
  const probe = await runsOk(engine, engineId, [
    "/bin/sh",
    "-c",
    'for p in "$@"; do [ -x "$p" ] && { echo "$p"; exit 0; }; done; exit 1',
    "probe",
    ...names.flatMap((n) => SHELL_ALLOW_LIST[n]),
  ]);
  const found = probe.stdout.trim().split("\n")[0];
  if (probe.ok && found.startsWith("/")) return found;
  // No /bin/sh: try each candidate directly.
  for (const n of names) for (const p of SHELL_ALLOW_LIST[n]) if ((await runsOk(engine, engineId, [p, "-c", "exit 0"])).ok) return p;
  throw noShell();
}

/** The TTY exec command: print our pid, then become the shell (same pid). */
export function shellCommand(shell: string): string[] {
  return [shell, "-c", `echo "${PID_MARK}$$"; exec "$0" -i`, shell];
}

/** Ends a shell by its in-container pid: HUP (process group, then the shell), KILL if it lingers. */
export async function killShell(engine: Engine, engineId: string, shell: string, pid: number): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 1) return;
  // A TTY exec's shell leads its own session (sid = pid): HUP then KILL every process of that
  // session, so foreground and background jobs go with the shell. /proc/<pid>/stat is parsed after
  // the last ") " because the command name may hold spaces.
  const script = [
    "S=$1",
    'sess() { for f in /proc/[0-9]*/stat; do read -r l < "$f" 2>/dev/null || continue; r=${l##*") "}; set -- $r; [ "$4" = "$S" ] && { p=${f#/proc/}; echo "${p%/stat}"; }; done; }',
    "kill -HUP $(sess) 2>/dev/null",
    'i=0; while [ -n "$(sess)" ] && [ $i -lt 10 ]; do sleep 0.1 2>/dev/null || sleep 1; i=$((i+1)); done',
    "kill -KILL $(sess) 2>/dev/null; exit 0",
  ].join("\n");
  const sh = shell.endsWith("bash") || shell.endsWith("zsh") ? shell : "/bin/sh";
  await (await engine.containerExec(engineId, { cmd: [sh, "-c", script, "kill", String(pid)] })).collect({ maxBytes: 1024 });
}

/** The variable a terminal's shell is started with: its processes (the shell and what it starts)
 * carry the session's random token in their environment, whatever their pid. */
export const SESSION_ENV = "CAAS_TERMINAL";

/**
 * Ends every process of a terminal session found by its token (SESSION_ENV in /proc/<pid>/environ):
 * the fallback when the shell's pid line was never read (the session ended before the wrapper's
 * first output arrived; a shell left behind that way failed T5 once on a loaded machine). HUP,
 * then KILL what is left. Only processes the container's default user may signal are reached,
 * which are the ones this user's exec started.
 */
export async function killSessionProcesses(engine: Engine, engineId: string, token: string): Promise<void> {
  if (!/^[A-Za-z0-9-]{16,64}$/.test(token)) return;
  const script = [
    `T="${SESSION_ENV}=$1"`,
    'procs() { for f in /proc/[0-9]*/environ; do tr "\\0" "\\n" < "$f" 2>/dev/null | grep -qx "$T" && { p=${f#/proc/}; [ "${p%/environ}" != "$$" ] && echo "${p%/environ}"; }; done; }',
    "kill -HUP $(procs) 2>/dev/null",
    'i=0; while [ -n "$(procs)" ] && [ $i -lt 10 ]; do sleep 0.1 2>/dev/null || sleep 1; i=$((i+1)); done',
    "kill -KILL $(procs) 2>/dev/null; exit 0",
  ].join("\n");
  await (await engine.containerExec(engineId, { cmd: ["/bin/sh", "-c", script, "kill", token] })).collect({ maxBytes: 1024 });
}

/** A kill exec that fails (the engine busy or briefly unreachable) is tried again: a shell must not
 * outlive its session (T18). */
export async function killWithRetry(kill: () => Promise<void>, attempts = 3, delayMs = 1_000): Promise<boolean> {
  for (let i = 1; i <= attempts; i++) {
    try {
      await kill();
      return true;
    } catch (e) {
      console.error(`[terminal] kill failed (attempt ${i} of ${attempts})`, e);
      if (i < attempts) await new Promise((r) => setTimeout(r, delayMs * i));
    }
  }
  return false;
}
