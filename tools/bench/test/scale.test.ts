import { describe, expect, it } from "vitest";
import { summarise } from "../src/scale.mjs";

describe("scale summary", () => {
  it("takes growth within each round, so one slow round does not read as growth", () => {
    // Round 2 ran with the machine twice as slow at 1,000 operations only.
    const rounds = [
      { 100: 1000, 1000: 2000 },
      { 100: 1000, 1000: 4000 },
      { 100: 1100, 1000: 2200 },
    ];
    const row = summarise("lint", [100, 1000], rounds);
    expect(row.msBySize).toEqual({ 100: 1000, 1000: 2200 });
    expect(row.growth[0]!.exponent).toBeCloseTo(Math.log10(2), 10);
    expect(() => summarise("lint", [100, 1000], [{ 100: 1 }])).toThrow(/lint: no measurement at 1000 operations/);
  });
});
