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

/** A loop that can also be woken: the next round starts now (or right after the running one). */
export interface WakeableLoop extends PeriodicLoop {
  wake(): void;
}

export function startPeriodicLoop(o: PeriodicLoopOptions, round: () => Promise<unknown>): WakeableLoop {
  let stopped = false;
  let busy = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    clearTimeout(timer);
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    const started = Date.now();
    running = round()
      .catch((e) => console.error(`${o.name} round failed:`, e instanceof Error ? e.message : e))
      .finally(() => {
        busy = false;
        if (stopped) return;
        const woken = again;
        again = false;
        timer = setTimeout(tick, woken ? 0 : Math.max(o.minGapMs, o.intervalMs - (Date.now() - started)));
      });
  };
  timer = setTimeout(tick, Math.min(o.intervalMs, o.firstDelayMs));
  return {
    wake: tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
