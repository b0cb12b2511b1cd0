/**
 * argon2id (OWASP minimum: 19 MiB, t=2, p=1). Hashing costs tens of milliseconds of CPU, so at
 * most ARGON2_CONCURRENCY run at once: sign-ins queue instead of stalling the event loop's peers.
 */
import { hash, verify } from "@node-rs/argon2";
import { createSemaphore } from "./semaphore.ts";

/** 2 = Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax). */
const OPTIONS = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
  /** Spends the same work as a real verify, for unknown accounts (no timing oracle). */
  verifyDummy(password: string): Promise<void>;
}

export function createPasswordHasher(concurrency: number): PasswordHasher {
  const run = createSemaphore(concurrency);
  let dummy: Promise<string> | null = null;
  return {
    hash: (password) => run(() => hash(password, OPTIONS)),
    verify: (hashed, password) => run(() => verify(hashed, password, OPTIONS).catch(() => false)),
    async verifyDummy(password) {
      dummy ??= run(() => hash("dummy-password-for-timing", OPTIONS));
      await run(async () => verify(await dummy!, password, OPTIONS).catch(() => false));
    },
  };
}
