// An engine step that met a busy or briefly unreachable engine runs again; other errors do not.
import { describe, expect, it } from "vitest";
import { retryUnreachable } from "@/lib/apps/deploy-errors";
import { EngineError } from "@/lib/docker/errors";
import { AppError } from "@/lib/errors";

const unreachable = () =>
  new EngineError("CONFLICT", "host unreachable (no answer in time)", "unreachable", { kind: "unreachable", endpoint: "tcp://h:2375", op: "list services" });
const slept: number[] = [];
const sleep = async (ms: number) => void slept.push(ms);

describe("retryUnreachable", () => {
  it("runs the step again after an unreachable engine, pausing longer each time", async () => {
    slept.length = 0;
    let calls = 0;
    const v = await retryUnreachable(
      async () => {
        if (++calls < 3) throw unreachable();
        return "done";
      },
      { attempts: 3, delayMs: 100, sleep },
    );
    expect(v).toBe("done");
    expect(calls).toBe(3);
    expect(slept).toEqual([100, 200]);
  });

  it("gives the last unreachable error up after the attempts", async () => {
    let calls = 0;
    const p = retryUnreachable(
      async () => {
        calls++;
        throw unreachable();
      },
      { attempts: 2, delayMs: 1, sleep },
    );
    await expect(p).rejects.toBeInstanceOf(EngineError);
    expect(calls).toBe(2);
  });

  it("never repeats a step the engine refused, or a portal error", async () => {
    for (const err of [
      new EngineError("CONFLICT", "name in use", null, { kind: "conflict", status: 409 }),
      new AppError("VALIDATION", "bad input"),
      Object.assign(new Error("server error"), { statusCode: 500 }),
    ]) {
      let calls = 0;
      await expect(
        retryUnreachable(
          async () => {
            calls++;
            throw err;
          },
          { attempts: 3, delayMs: 1, sleep },
        ),
      ).rejects.toBe(err);
      expect(calls).toBe(1);
    }
  });
});
