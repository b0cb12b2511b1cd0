/**
 * When the next code may be requested for an email. The deadline is kept in sessionStorage so a
 * reload of /verify keeps counting down instead of offering a resend the server would refuse.
 */
import { createSignal, onCleanup } from "solid-js";

const key = (email: string) => `world-it.resend-at.${email.toLowerCase()}`;

export function rememberResendAfter(email: string, seconds: number): void {
  try {
    sessionStorage.setItem(key(email), String(Date.now() + seconds * 1000));
  } catch {
    // Without storage the countdown just starts from the server's answer next time.
  }
}

function storedDeadline(email: string): number | null {
  try {
    const value = Number(sessionStorage.getItem(key(email)));
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/** A ticking countdown (whole seconds left) for one email; must run inside a component. */
export function createResendCountdown(email: () => string) {
  // Unknown deadline (opened directly): allow a request; the server answers with the real wait.
  const [deadline, setDeadline] = createSignal(storedDeadline(email()) ?? 0);
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));

  return {
    secondsLeft: () => Math.max(0, Math.ceil((deadline() - now()) / 1000)),
    restart(seconds: number) {
      rememberResendAfter(email(), seconds);
      setDeadline(Date.now() + seconds * 1000);
      setNow(Date.now());
    },
  };
}
