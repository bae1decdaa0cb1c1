// Issue 11 item 6: "empty keeps the default" held only when both default fields were blank; a
// memory value with a blank CPU field was sent as cpus 0 and refused.
import { describe, expect, it } from "vitest";
import { parseInput } from "@/lib/validation";
import { createEnvironmentInput, updateEnvironmentInput } from "@/lib/environments/environment-input";
import { environmentInputFromForm } from "@/app/_lib/environment-form";

describe("environment form: blank optional fields keep the defaults", () => {
  it("memory alone", () => {
    const input = environmentInputFromForm({ name: "prod", cpus: "", memoryMb: "512" });
    expect(input.defaults).toEqual({ memoryMb: "512" });
    expect(parseInput(createEnvironmentInput, { tenantId: "t1", ...input }).defaults).toEqual({ memoryMb: 512 });
  });

  it("CPUs alone, on edit", () => {
    const input = environmentInputFromForm({ name: "prod", cpus: "1.5", memoryMb: "  " });
    expect(parseInput(updateEnvironmentInput, input).defaults).toEqual({ cpus: 1.5 });
  });

  it("both blank: no defaults sent at all", () => {
    expect(environmentInputFromForm({ name: "prod", cpus: "", memoryMb: "" }).defaults).toBeUndefined();
  });

  it("a value out of bounds is still refused, by its field", () => {
    expect(() => parseInput(createEnvironmentInput, { tenantId: "t1", ...environmentInputFromForm({ name: "prod", memoryMb: "1" }) })).toThrow(
      /Default memory/,
    );
  });
});
