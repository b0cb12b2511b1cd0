/**
 * A moderator's slow-mode choice in the public chat's header: off, 10 s, 30 s, 1 min or 5 min
 * (a value set otherwise is listed too). Changing it calls moderation.setSlowMode; everyone's open
 * public chat hears the new value live (chat.slowmode). A refusal is said next to it and the
 * choice goes back.
 */
import { createSignal, For, Show } from "solid-js";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { readError, trpc } from "../../lib/trpc.ts";
import { setSlowModeShown, SLOW_MODE_CHOICES, slowModeSeconds, slowModeTime } from "./slow-mode.ts";
import "./slow-mode-control.css";

export function SlowModeControl() {
  const [pending, setPending] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);
  const choices = () => {
    const now = slowModeSeconds();
    return (SLOW_MODE_CHOICES as readonly number[]).includes(now) ? [...SLOW_MODE_CHOICES] : [...SLOW_MODE_CHOICES, now].sort((a, b) => a - b);
  };
  const label = (s: number) => (s === 0 ? t("chatmod.slowModeOff") : slowModeTime(s));

  async function choose(select: HTMLSelectElement) {
    const seconds = Number(select.value);
    setFailure(null);
    setPending(true);
    try {
      const answer = await trpc.moderation.setSlowMode.mutate({ seconds });
      setSlowModeShown(answer.seconds);
    } catch (error) {
      select.value = String(slowModeSeconds());
      setFailure(errorText(readError(error)));
    } finally {
      setPending(false);
    }
  }

  return (
    <span class="chat-slow-control">
      <label>
        <span class="chat-action-label">{t("chatmod.slowModeLabel")}</span>
        <select
          class="chat-slow-select"
          value={String(slowModeSeconds())}
          disabled={pending()}
          onChange={(e) => void choose(e.currentTarget)}
        >
          <For each={choices()}>{(s) => <option value={String(s)}>{label(s)}</option>}</For>
        </select>
      </label>
      <span role="alert" class="chat-slow-error">
        <Show when={failure()}>{failure()}</Show>
      </span>
    </span>
  );
}
