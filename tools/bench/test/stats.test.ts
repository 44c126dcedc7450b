import { describe, expect, it } from "vitest";
import { growthExponent, median, pairedRatio, percentile, ratio } from "../src/stats.mjs";

describe("growthExponent", () => {
  it("reads 1 for linear, 2 for quadratic and 0 for constant growth", () => {
    expect(growthExponent({ size: 100, value: 2 }, { size: 1000, value: 20 })).toBeCloseTo(1, 10);
    expect(growthExponent({ size: 100, value: 2 }, { size: 1000, value: 200 })).toBeCloseTo(2, 10);
    expect(growthExponent({ size: 10, value: 5 }, { size: 100, value: 5 })).toBeCloseTo(0, 10);
  });

  it("shows a fixed start-up cost as growth below linear", () => {
    // 1 s of start-up plus 1 ms per operation.
    const t = (n: number) => 1000 + n;
    expect(growthExponent({ size: 100, value: t(100) }, { size: 1000, value: t(1000) })).toBeLessThan(0.5);
  });

  it("refuses sizes or times that give no exponent", () => {
    expect(() => growthExponent({ size: 100, value: 1 }, { size: 100, value: 2 })).toThrow(/two different positive sizes/);
    expect(() => growthExponent({ size: 100, value: 0 }, { size: 1000, value: 2 })).toThrow(/positive measurements/);
  });
});

describe("percentiles and ratios", () => {
  it("interpolates percentiles between ranks", () => {
    const values = [5, 1, 4, 2, 3];
    expect(median(values)).toBe(3);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(5);
    expect(percentile([1, 2], 50)).toBe(1.5);
    expect(percentile(Array.from({ length: 101 }, (_, i) => i), 99)).toBe(99);
  });

  it("rejects empty or broken samples instead of printing NaN", () => {
    expect(() => median([])).toThrow(/no samples/);
    expect(() => median([1, Number.NaN])).toThrow(/finite/);
    expect(() => percentile([1], 101)).toThrow(/0\.\.100/);
    expect(() => ratio(1, 0)).toThrow(/ratio of 1 to 0/);
  });

  it("pairs each sample with the peer of its own round", () => {
    // Round 2 ran on a slow machine: both sides slowed alike, the ratio stays 0.5.
    const client = [50, 10, 50];
    const raw = [100, 20, 100];
    expect(pairedRatio(client, raw)).toBe(0.5);
    expect(() => pairedRatio([1, 2], [1])).toThrow(/differ in count/);
  });
});
