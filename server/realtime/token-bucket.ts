/** A token bucket: `ratePerSecond` tokens refill continuously up to `burst`; each take() spends one. */
export interface TokenBucket {
  take(): boolean;
}

export function createTokenBucket(ratePerSecond: number, burst: number, now: () => number = () => performance.now()): TokenBucket {
  let tokens = burst;
  let last = now();
  return {
    take() {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * ratePerSecond);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
