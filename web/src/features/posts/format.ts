/** Times and names on posts, in the current language. */
import { locale } from "../../i18n/index.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`.trim();

/** "щойно" / "5 хв тому" / "3 год тому" within a day, then a date (with the year when not this one). */
export function formatPostTime(ms: number, now = Date.now()): string {
  const ago = now - ms;
  const relative = new Intl.RelativeTimeFormat(locale(), { numeric: "auto", style: "short" });
  if (ago < MINUTE) return relative.format(0, "second");
  if (ago < HOUR) return relative.format(-Math.floor(ago / MINUTE), "minute");
  if (ago < DAY) return relative.format(-Math.floor(ago / HOUR), "hour");
  const d = new Date(ms);
  const year = d.getFullYear() === new Date(now).getFullYear() ? undefined : "numeric";
  return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "short", year, hour: "2-digit", minute: "2-digit" }).format(d);
}

export function formatFullTime(ms: number): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeStyle: "short" }).format(ms);
}
