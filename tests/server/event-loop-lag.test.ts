import { afterEach, describe, expect, it } from 'vitest';
import { monitorEventLoopLag, type EventLoopLagMonitor } from '../../src/server/event-loop-lag.ts';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hold = (ms: number) => {
  const started = performance.now();
  while (performance.now() - started < ms);
};

let monitor: EventLoopLagMonitor | undefined;
afterEach(() => monitor?.stop());

describe('monitorEventLoopLag', () => {
  it('reports nothing late before the first sample, and a loop held for 120 ms after', async () => {
    monitor = monitorEventLoopLag({ windowMs: 60_000, resolutionMs: 10 });
    expect(monitor.read()).toEqual({ p50: 0, p99: 0, max: 0, windowSeconds: expect.any(Number) });
    // The first tick only starts the monitor's clock: let it tick before holding the loop.
    await wait(60);
    hold(120);
    await wait(30);
    const lag = monitor.read();
    expect(lag.max).toBeGreaterThanOrEqual(90);
    expect(lag.p50).toBeLessThanOrEqual(lag.p99);
    expect(lag.p99).toBeLessThanOrEqual(lag.max);
  });

  it('covers between one and two windows once it has rotated', async () => {
    monitor = monitorEventLoopLag({ windowMs: 100, resolutionMs: 10 });
    await wait(350);
    const { windowSeconds } = monitor.read();
    expect(windowSeconds).toBeGreaterThanOrEqual(0.05);
    // Two windows at most, and some slack for late timers on a busy machine.
    expect(windowSeconds).toBeLessThanOrEqual(0.4);
  });
});
