/** A token bucket: `ratePerSecond` tokens refill continuously up to `burst`; each take() spends one. */
export interface TokenBucket {
  take(): boolean;
}

/** A bucket's state as two plain numbers, for holders of many buckets (a socket's SocketData: no closure per socket). */
export interface BucketState {
  tokens: number;
  tokensAt: number;
}

/** A full bucket's state. */
export const fullBucket = (burst: number, now: number = performance.now()): BucketState => ({ tokens: burst, tokensAt: now });

/** Refills `state` up to `now` and spends one token if there is one. */
export function takeToken(state: BucketState, ratePerSecond: number, burst: number, now: number = performance.now()): boolean {
  state.tokens = Math.min(burst, state.tokens + ((now - state.tokensAt) / 1000) * ratePerSecond);
  state.tokensAt = now;
  if (state.tokens < 1) return false;
  state.tokens -= 1;
  return true;
}

export function createTokenBucket(ratePerSecond: number, burst: number, now: () => number = () => performance.now()): TokenBucket {
  const state = fullBucket(burst, now());
  return { take: () => takeToken(state, ratePerSecond, burst, now()) };
}
