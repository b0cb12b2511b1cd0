/**
 * The mute menu's list (MuteMenu.tsx): mute for 1 hour, 8 hours, a week or for good, or unmute
 * when muted. A chunk of its own, fetched when the menu first opens (or on hover or focus of its
 * button), with its words and styles.
 */
import { For, Show } from "solid-js";
import type { MuteDuration } from "../../../../shared/mentions.ts";
import { t, type MessageKey } from "../../i18n/index.ts";
import "./mute-choices.css";

const CHOICES: Array<[MuteDuration, MessageKey]> = [
  ["1h", "mentions.mute1h"],
  ["8h", "mentions.mute8h"],
  ["1w", "mentions.mute1w"],
  ["forever", "mentions.muteForever"],
];

export function MuteChoices(props: { id: string; muted: boolean; onChoose: (duration: MuteDuration) => void }) {
  return (
    <ul class="mute-menu-list" id={props.id}>
      <For each={CHOICES}>
        {([duration, key]) => (
          <li>
            <button type="button" onClick={() => props.onChoose(duration)}>
              {t(key)}
            </button>
          </li>
        )}
      </For>
      <Show when={props.muted}>
        <li>
          <button type="button" onClick={() => props.onChoose("off")}>
            {t("mentions.unmute")}
          </button>
        </li>
      </Show>
    </ul>
  );
}
