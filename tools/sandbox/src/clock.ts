// Time in the sandbox: real wall-clock timestamps, but every delay is divided by `speed`, and
// every pending timer is tracked so reset and close leave nothing running.

export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  constructor(private readonly speed: number) {}

  /** Runs `fn` after `ms` documented milliseconds (scaled by speed). */
  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.max(0, Math.round(ms / this.speed)));
    timer.unref();
    this.timers.add(timer);
  }

  /** A real (unscaled) delay, tracked like the others. */
  afterReal(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  scaled(ms: number): number {
    return ms / this.speed;
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export const nowIso = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
export const isoAt = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
