/**
 * Settings → Blocked people: everyone I blocked (`blocks.list`), newest first, each with Unblock
 * (`blocks.remove`; the person leaves the list and a status line says so). A block or unblock made
 * elsewhere (a chat, a profile, another tab) arrives as a `friend.status` frame and reloads the list.
 */
import { createSignal, For, onCleanup } from "solid-js";
import type { BlockedPerson } from "../../../../shared/friends.ts";
import { ErrorAlert, StatusMessage, RetryAlert } from "../../components/Alert.tsx";
import { Avatar } from "../../components/Avatar.tsx";
import { LoadedList } from "../../components/LoadedList.tsx";
import { formatDate, t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { personName as fullName } from "../account-deletion/person-name.ts";
import { SettingsSection } from "./SettingsSection.tsx";
import "../reports/safety.css";

/** A local calendar date as YYYY-MM-DD (formatDate's input). */
function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function BlockedSection() {
  const [blocked, { refetch, mutate }] = createLoader(() => true, () => trpc.blocks.list.query());
  const [busy, setBusy] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  let heading: HTMLElement | null = null;

  onCleanup(
    onServerEvent((event) => {
      if (event.type === "friend.status" && (event.event === "blocked" || event.event === "unblocked")) void refetch();
    }),
  );

  async function unblock(item: BlockedPerson) {
    if (busy()) return;
    setBusy(item.person.id);
    setDone(null);
    setFailure(null);
    try {
      await trpc.blocks.remove.mutate({ userId: item.person.id });
      const list = blocked()?.value ?? [];
      mutate({ value: list.filter((b) => b.person.id !== item.person.id) });
      setDone(t("blocks.unblocked", { name: fullName(item.person) }));
      // The button is gone with its row: focus goes to the section's heading.
      heading ??= document.getElementById("settings-blocked-title");
      heading?.setAttribute("tabindex", "-1");
      heading?.focus();
    } catch (error) {
      const f = readError(error);
      if (f.reason === "friends.notBlocked") void refetch();
      setFailure(f);
    } finally {
      setBusy(null);
    }
  }

  return (
    <SettingsSection id="settings-blocked" title={t("blocks.title")} lead={t("blocks.lead")}>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <StatusMessage message={done()} />
      <LoadedList
        loaded={blocked()}
        failure={(f) => (
          <RetryAlert failure={f} onRetry={() => void refetch()} />
        )}
        empty={<p class="muted blocked-empty">{t("blocks.empty")}</p>}
      >
        {(list) => (
          <ul class="blocked-list" aria-label={t("blocks.listLabel")}>
            <For each={list}>
              {(item) => (
                <li class="blocked-person">
                  <Avatar person={item.person} avatar={item.person.avatarId} size="sm" />
                  <div class="blocked-person-text">
                    <a href={`/u/${encodeURIComponent(item.person.username)}`}>{fullName(item.person)}</a>
                    <span class="muted">
                      @{item.person.username} · {t("blocks.since", { date: formatDate(isoDay(item.blockedAt)) })}
                    </span>
                  </div>
                  <button
                    type="button"
                    class="btn btn-small"
                    aria-label={t("blocks.unblockOf", { name: fullName(item.person) })}
                    disabled={busy() !== null}
                    onClick={() => void unblock(item)}
                  >
                    {busy() === item.person.id ? t("common.working") : t("blocks.unblock")}
                  </button>
                </li>
              )}
            </For>
          </ul>
        )}
      </LoadedList>
    </SettingsSection>
  );
}
