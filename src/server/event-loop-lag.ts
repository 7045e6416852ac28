import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** How late the event loop ran its timers recently, in milliseconds (see monitorEventLoopLag). */
export interface EventLoopLag {
  p50: number;
  p99: number;
  max: number;
  /** The span of time the figures cover. */
  windowSeconds: number;
}

export interface EventLoopLagMonitor {
  read(): EventLoopLag;
  stop(): void;
}

export interface EventLoopLagOptions {
  /** Figures cover the last `windowMs` to 2 × `windowMs`. */
  windowMs?: number;
  /** How often the loop is sampled; each sample measures how late this timer fired. */
  resolutionMs?: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * The event loop's delay over a recent window, from `perf_hooks.monitorEventLoopDelay`: a request that
 * holds the loop (one slow answer) delays every other request by as much, and shows here as p99/max.
 * Two histograms run side by side and are reset in turn every `windowMs`, so the one read has been
 * running for between one and two windows. The sampling interval itself is not lag: it is subtracted.
 */
export function monitorEventLoopLag({ windowMs = 30_000, resolutionMs = 10 }: EventLoopLagOptions = {}): EventLoopLagMonitor {
  const histograms: [IntervalHistogram, IntervalHistogram] = [
    monitorEventLoopDelay({ resolution: resolutionMs }),
    monitorEventLoopDelay({ resolution: resolutionMs }),
  ];
  const resetAt = [performance.now(), performance.now()];
  for (const histogram of histograms) histogram.enable();
  // The histogram reset longest ago: it covers the most time.
  let oldest = 0;
  const rotation = setInterval(() => {
    histograms[oldest]?.reset();
    resetAt[oldest] = performance.now();
    oldest = 1 - oldest;
  }, windowMs).unref();
  const lag = (nanoseconds: number) => round(Math.max(0, nanoseconds / 1e6 - resolutionMs));

  return {
    read() {
      const histogram = histograms[oldest] as IntervalHistogram;
      const windowSeconds = round((performance.now() - (resetAt[oldest] as number)) / 1000);
      // No sample yet (just started or reset): nothing has been late.
      if (histogram.count === 0) return { p50: 0, p99: 0, max: 0, windowSeconds };
      return { p50: lag(histogram.percentile(50)), p99: lag(histogram.percentile(99)), max: lag(histogram.max), windowSeconds };
    },
    stop() {
      clearInterval(rotation);
      for (const histogram of histograms) histogram.disable();
    },
  };
}
