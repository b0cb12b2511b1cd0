/** Waiting for a state in tests: poll it with a generous deadline, never sleep a fixed time. */

/** Polls `cond` (sync or async) until it holds; fails naming `what` after `ms`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}
