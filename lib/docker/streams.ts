// Stream plumbing shared by events, logs, exec and progress streams: a stoppable async queue,
// a JSON-lines splitter and the engine's stdout/stderr frame demultiplexer.

/** An async iterator fed by a push source. `stop()` ends it from the consumer side and releases
 * the source; a source error ends it with that error on the next `next()`. */
export class StreamQueue<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private waiters: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }[] = [];
  private done = false;
  private failure: unknown = undefined;
  private paused = false;

  constructor(
    private release: () => void,
    private readonly flow?: { pause(): void; resume(): void },
    private readonly highWater = 1000,
  ) {}

  push(item: T): void {
    if (this.done) return;
    const w = this.waiters.shift();
    if (w) {
      w.resolve({ value: item, done: false });
      return;
    }
    this.items.push(item);
    if (!this.paused && this.items.length >= this.highWater && this.flow) {
      this.paused = true; // backpressure: a slow consumer must not buffer an unbounded log
      this.flow.pause();
    }
  }

  /** The source ended normally. Buffered items are still delivered. */
  end(): void {
    if (this.done) return;
    this.done = true;
    for (const w of this.waiters.splice(0)) w.resolve({ value: undefined, done: true });
  }

  /** The source failed; buffered items are delivered first, then `next()` rejects. */
  fail(err: unknown): void {
    if (this.done) return;
    this.done = true;
    this.failure = err;
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w.reject(err);
    if (waiters.length > 0) this.failure = undefined; // reported once
  }

  get stopped(): boolean {
    return this.done;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) {
      const value = this.items.shift() as T;
      if (this.paused && this.items.length < this.highWater / 2 && this.flow) {
        this.paused = false;
        this.flow.resume();
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.failure !== undefined) {
      const f = this.failure;
      this.failure = undefined;
      return Promise.reject(f);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Consumer is done (break out of for-await, or stop()). */
  return(): Promise<IteratorResult<T>> {
    this.stop();
    return Promise.resolve({ value: undefined, done: true });
  }

  stop(): void {
    this.items = [];
    this.failure = undefined;
    this.end();
    const release = this.release;
    this.release = () => {};
    release(); // idempotent: releasing an already-ended source is a no-op
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Calls `onLine` for each complete "\n"-terminated line of a text stream. */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer | string): void; flush(): void } {
  let buf = "";
  return {
    push(chunk) {
      buf += chunk.toString();
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, "");
        buf = buf.slice(i + 1);
        if (line.length > 0) onLine(line);
      }
    },
    flush() {
      if (buf.trim().length > 0) onLine(buf);
      buf = "";
    },
  };
}

export type StdStream = "stdout" | "stderr";

/** Parses the engine's multiplexed framing (non-TTY logs/attach/exec): 8-byte header
 * [stream, 0, 0, 0, size uint32 BE] then `size` bytes. */
export function demuxer(onFrame: (stream: StdStream, data: Buffer) => void): (chunk: Buffer) => void {
  let buf: Buffer = Buffer.alloc(0);
  return (chunk) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    while (buf.length >= 8) {
      const size = buf.readUInt32BE(4);
      if (buf.length < 8 + size) break;
      const kind = buf[0];
      const data = buf.subarray(8, 8 + size);
      buf = buf.subarray(8 + size);
      // 0 = stdin echo (never sent for exec), 1 = stdout, 2 = stderr
      onFrame(kind === 2 ? "stderr" : "stdout", data);
    }
  };
}
