/**
 * argon2id (OWASP minimum: 19 MiB, t=2, p=1). Hashing costs tens of milliseconds of CPU, so at
 * most ARGON2_CONCURRENCY run at once: sign-ins queue instead of stalling the event loop's peers.
 * The native library loads on the first hash, not at start (ADR 0029; main.ts warms it after the
 * server listens).
 */
import { createSemaphore } from "./semaphore.ts";

let argon2: Promise<typeof import("@node-rs/argon2")> | null = null;
/** The native argon2 library, loaded once. */
export const loadArgon2 = () => (argon2 ??= import("@node-rs/argon2"));

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
    hash: (password) => run(async () => (await loadArgon2()).hash(password, OPTIONS)),
    // A malformed stored hash is a wrong password; a library that does not load is an error.
    verify: (hashed, password) => run(async () => (await loadArgon2()).verify(hashed, password, OPTIONS).catch(() => false)),
    async verifyDummy(password) {
      dummy ??= run(async () => (await loadArgon2()).hash("dummy-password-for-timing", OPTIONS));
      await run(async () => (await loadArgon2()).verify(await dummy!, password, OPTIONS).catch(() => false));
    },
  };
}
