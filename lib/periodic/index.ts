// One periodic loop for the system's background rounds (stats sampler, alert evaluator, host
// metrics sampler): a round runs, the next starts `intervalMs` after the previous one started (at
// least `minGapMs` after it ended), a failed round is logged and the loop goes on, and `stop()`
// waits for the running round so a shutdown never cuts one in half.
export interface PeriodicLoopOptions {
  /** Log prefix, e.g. "[stats]". */
  name: string;
  intervalMs: number;
  /** Delay before the first round (capped by intervalMs). */
  firstDelayMs: number;
  /** The shortest pause between the end of a round and the start of the next. */
  minGapMs: number;
}

export interface PeriodicLoop {
  stop(): Promise<void>;
}

export function startPeriodicLoop(o: PeriodicLoopOptions, round: () => Promise<unknown>): PeriodicLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    const started = Date.now();
    running = round()
      .catch((e) => console.error(`${o.name} round failed:`, e instanceof Error ? e.message : e))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, Math.max(o.minGapMs, o.intervalMs - (Date.now() - started)));
      });
  };
  timer = setTimeout(tick, Math.min(o.intervalMs, o.firstDelayMs));
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
