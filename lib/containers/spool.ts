// Holds a rebuilt upload until all of it has been accepted, so a refused archive never reaches
// the engine and a container never holds the first half of a refused upload (T23/T35). Small
// uploads stay in memory; past `memoryBytes` they move to an anonymous file under
// <data>/spool (directory 0700, file 0600, unlinked as soon as it is opened: nothing is left
// behind, even if the process dies).
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { dataDir } from "@/lib/config";

export interface Spool {
  /** Bytes written so far. */
  readonly size: number;
  write(chunk: Buffer): Promise<void>;
  /** The whole content, once. */
  stream(): Readable;
  /** Releases the memory or the file (idempotent). */
  close(): Promise<void>;
}

const FLUSH_BYTES = 256 * 1024;

export async function createSpool({
  dir = path.join(dataDir(), "spool"),
  memoryBytes = 4 * 1024 * 1024,
}: { dir?: string; memoryBytes?: number } = {}): Promise<Spool> {
  let chunks: Buffer[] = [];
  let pending = 0; // bytes in `chunks`
  let size = 0;
  let file: fs.FileHandle | null = null;
  let position = 0;
  let streamed: Readable | null = null;
  let closed = false;

  async function flush(): Promise<void> {
    if (!file || pending === 0) return;
    const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    chunks = [];
    pending = 0;
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await file.write(buf, off, buf.length - off, position);
      off += bytesWritten;
      position += bytesWritten;
    }
  }

  async function toFile(): Promise<void> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const p = path.join(dir, `upload-${randomBytes(12).toString("hex")}`);
    file = await fs.open(p, "wx+", 0o600);
    await fs.unlink(p);
  }

  return {
    get size() {
      return size;
    },
    async write(chunk) {
      if (closed || streamed) throw new Error("spool: write after stream or close");
      chunks.push(chunk);
      pending += chunk.length;
      size += chunk.length;
      if (!file && size > memoryBytes) await toFile();
      if (file && pending >= FLUSH_BYTES) await flush();
    },
    stream() {
      if (closed || streamed) throw new Error("spool: already streamed or closed");
      if (!file) {
        streamed = Readable.from(chunks, { objectMode: false });
        return streamed;
      }
      const f = file;
      // The last pending bytes go to the file first; then the file is read from its start.
      streamed = Readable.from(
        (async function* () {
          await flush();
          yield* f.createReadStream({ start: 0, autoClose: false });
        })(),
        { objectMode: false },
      );
      return streamed;
    },
    async close() {
      if (closed) return;
      closed = true;
      chunks = [];
      streamed?.destroy();
      await file?.close().catch(() => undefined);
    },
  };
}
