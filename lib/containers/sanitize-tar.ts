// ─── Security invariant (T23) ──────────────────────────────────────────────────────────────────
// An uploaded tar is never passed through: every entry is read, its name confined (paths.ts), and
// a fresh ustar header written for it. Only regular files and directories survive; symlinks, hard
// links, devices and FIFOs are refused (a link is how an archive escapes its directory). Modes lose
// setuid/setgid/sticky; owners become root (the engine maps them to the container's user space).
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { AppError } from "@/lib/errors";
import { entryName } from "./paths";
import { TAR_END, tarHeader, tarPadding, type TarEvent } from "./tar";

const MAX_ENTRIES = 100_000;
const MAX_META = 64 * 1024;

/** Reads pax `len key=value\n` records; returns the `path` if any. */
export function paxPath(data: Buffer): string | undefined {
  let i = 0;
  let path: string | undefined;
  while (i < data.length) {
    const sp = data.indexOf(32, i);
    if (sp < 0) break;
    const len = Number(data.subarray(i, sp).toString("ascii"));
    if (!Number.isInteger(len) || len <= 0) break;
    const rec = data.subarray(sp + 1, i + len - 1).toString("utf8");
    const eq = rec.indexOf("=");
    if (eq > 0 && rec.slice(0, eq) === "path") path = rec.slice(eq + 1);
    if (eq > 0 && rec.slice(0, eq) === "linkpath") throw new AppError("VALIDATION", "Links are not allowed in uploads.", [{ path: "archive", message: "link", rule: "T23" }]);
    i += len;
  }
  return path;
}

export async function* sanitizeTar(events: AsyncIterable<TarEvent>, stats: { entries: number; bytes: number }): AsyncGenerator<Buffer> {
  let meta: Buffer[] | null = null; // collecting a pax or GNU long-name body
  let metaKind = "";
  let nextName: string | undefined;
  let passing = false;
  let size = 0;
  for await (const ev of events) {
    if (ev.kind === "entry") {
      const h = ev.header;
      if (h.type === "pax" || h.type === "gnu-longname" || h.type === "pax-global" || h.type === "gnu-longlink") {
        if (h.size > MAX_META) throw new AppError("VALIDATION", "An archive header is too large.");
        meta = [];
        metaKind = h.type;
        continue;
      }
      if (h.type === "symlink" || h.type === "hardlink") {
        throw new AppError("VALIDATION", `Links are not allowed in uploads ("${(nextName ?? h.name).slice(0, 80)}" → "${h.linkname.slice(0, 80)}").`, [{ path: "archive", message: "link", rule: "T23" }]);
      }
      if (h.type !== "file" && h.type !== "dir") throw new AppError("VALIDATION", "Only files and directories may be uploaded (no devices or FIFOs).", [{ path: "archive", message: "type", rule: "T23" }]);
      const name = entryName(nextName ?? h.name);
      nextName = undefined;
      if (++stats.entries > MAX_ENTRIES) throw new AppError("VALIDATION", `An upload may hold at most ${MAX_ENTRIES} entries.`);
      if (!name) {
        passing = false; // "./" itself: the target directory exists already
        continue;
      }
      passing = true;
      size = h.type === "file" ? h.size : 0;
      yield tarHeader({ name, size, mode: h.mode & 0o777, mtime: h.mtime, type: h.type });
    } else if (ev.kind === "data") {
      if (meta) meta.push(ev.chunk);
      else if (passing) {
        stats.bytes += ev.chunk.length;
        yield ev.chunk;
      }
    } else {
      if (meta) {
        const body = Buffer.concat(meta);
        if (metaKind === "pax") nextName = paxPath(body) ?? nextName;
        else if (metaKind === "gnu-longname") nextName = body.toString("utf8").replace(/\0+$/, "");
        meta = null;
      } else if (passing) {
        if (size > 0) yield tarPadding(size);
        passing = false;
      }
    }
  }
  yield TAR_END;
}
