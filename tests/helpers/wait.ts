/** Waiting for a state in tests: poll it with a generous deadline, never sleep a fixed time. */

/** Polls `cond` (sync or async) until it holds; fails naming `what` after `ms`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

/**
 * Waits until a counter (say, the server's statement count) has not moved for `quietMs`: the
 * server's background work (coalesced frames, batched writes) is done, so a count taken next is
 * the counted call's own. Fails after `ms` if it never settles.
 */
export async function waitForQuiet(counter: () => number, what: string, quietMs = 300, ms = 60_000): Promise<void> {
  let last = counter();
  let since = Date.now();
  await waitFor(
    () => {
      const now = counter();
      if (now !== last) [last, since] = [now, Date.now()];
      return Date.now() - since >= quietMs;
    },
    `${what} to stay still for ${quietMs} ms`,
    ms,
  );
}
