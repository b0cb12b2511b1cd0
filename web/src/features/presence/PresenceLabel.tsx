/**
 * Someone's presence as words ("у мережі", "неактивно", "востаннє в мережі 5 хв тому",
 * "нещодавно в мережі"), live: mounting it watches the person (presence.ts), unmounting stops.
 * Nothing is shown until the server answered, or when the person is not shown to me (a block).
 */
import { createEffect, onCleanup, Show } from "solid-js";
import type { PresenceEntry } from "../../../../shared/presence.ts";
import { formatDateTime, t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { presenceNow, presenceOf, watchPerson } from "./presence.ts";
import "./presence.css";

export function presenceText(entry: PresenceEntry, now: number): string {
  switch (entry.state) {
    case "online":
      return t("presence.online");
    case "away":
      return t("presence.away");
    case "recently":
      return t("presence.recently");
    case "offline": {
      if (entry.lastSeenAt === null) return t("presence.offline");
      const minutes = Math.floor(Math.max(0, now - entry.lastSeenAt) / 60_000);
      if (minutes < 1) return t("presence.lastSeenJustNow");
      if (minutes < 60) return t("presence.lastSeenMinutes", { n: minutes });
      if (minutes < 24 * 60) return t("presence.lastSeenHours", { n: Math.floor(minutes / 60) });
      return t("presence.lastSeenAt", { when: formatDateTime(entry.lastSeenAt) });
    }
  }
}

export function PresenceLabel(props: { userId: string; class?: string }) {
  createEffect(() => {
    // Guests see no presence (the server answers watches of signed-in sockets only).
    if (!me()) return;
    const stop = watchPerson(props.userId);
    onCleanup(stop);
  });
  const entry = () => presenceOf(props.userId);
  return (
    <Show when={entry()}>
      {(e) => (
        <span class={`presence presence-${e().state} ${props.class ?? ""}`} data-presence={e().state} data-testid="presence">
          <span class="presence-dot" aria-hidden="true" />
          {presenceText(e(), Math.max(presenceNow(), Date.now()))}
        </span>
      )}
    </Show>
  );
}
