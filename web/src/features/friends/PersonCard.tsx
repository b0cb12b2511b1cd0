/**
 * One person on a friends page: avatar, name and @username (a link to the profile), where we
 * stand (from the live store, so a frame or an action elsewhere changes it here too), mutual
 * friends, and the buttons that fit: Add / Cancel request / Accept + Decline / Remove (asks
 * first) / Unfollow, "Dismiss" on a suggestion, and "Message" unless a block stands between us
 * (no buttons for a guest, nor on my own card).
 */
import { createSignal, Match, Show, Switch } from "solid-js";
import type { FriendStatus, PersonCard as Person } from "../../../../shared/friends.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { Avatar } from "../../components/Avatar.tsx";
import { ConfirmDialog } from "../../components/lazy-parts.tsx";
import { t, tPlural } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { me } from "../../lib/session.ts";
import { readError, type AppError } from "../../lib/trpc.ts";
import { act, dismiss, type RelationAction } from "./actions.ts";
import { liveStatus } from "./friends-live.ts";
import { MessageButton } from "./MessageButton.tsx";
import { PresenceLabel } from "../presence/PresenceLabel.tsx";
import { personName, profileHref, statusText } from "./person.ts";

export { personName, profileHref, statusText };

export function PersonCard(props: {
  person: Person;
  /** A suggestion: "Dismiss" takes it away for good (then onGone). */
  suggestion?: boolean;
  onGone?: () => void;
}) {
  const p = () => props.person;
  const status = () => liveStatus(p().id) ?? p().status;
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [confirming, setConfirming] = createSignal(false);

  async function run(action: RelationAction) {
    setBusy(true);
    setFailure(null);
    try {
      await act(action, p().id);
    } catch (error) {
      setFailure(readError(error));
    } finally {
      setBusy(false);
    }
  }

  async function hide() {
    setBusy(true);
    setFailure(null);
    try {
      await dismiss(p().id);
      props.onGone?.();
    } catch (error) {
      setFailure(readError(error));
      setBusy(false);
    }
  }

  const button = (label: string, action: RelationAction, primary = false) => (
    <button type="button" class={primary ? "btn btn-primary btn-small" : "btn btn-small"} disabled={busy()} onClick={() => void run(action)}>
      {label}
    </button>
  );

  return (
    <li class="person-card" data-status={status()} data-user={p().username}>
      <Avatar person={p()} avatar={p().avatarId} size="lg" />
      <div class="person-main">
        <a href={profileHref(p().username)} class="person-link">
          <span class="person-name">{personName(p())}</span>{" "}
          <span class="person-handle">@{p().username}</span>
          <Show when={p().id !== me()?.id}>
            <PresenceLabel userId={p().id} class="person-presence" />
          </Show>
        </a>
        <Show when={status() !== "none"}>
          <p class="person-status">{statusText(status())}</p>
        </Show>
        <Show when={p().mutualFriends > 0}>
          <p class="person-mutual muted">{tPlural("friends.mutual", p().mutualFriends)}</p>
        </Show>
        <Show when={me() && me()!.id !== p().id}>
        <div class="person-actions" role="group" aria-label={t("friends.actionsOf", { name: personName(p()) })}>
          <Switch>
            <Match when={status() === "none" || status() === "follower"}>
              {button(props.suggestion ? t("friends.addShort") : t("friends.add"), "request", true)}
            </Match>
            <Match when={status() === "requested"}>{button(t("friends.cancelRequest"), "cancel")}</Match>
            <Match when={status() === "incoming"}>
              {button(t("friends.accept"), "accept", true)}
              {button(t("friends.decline"), "decline")}
            </Match>
            <Match when={status() === "following"}>{button(t("friends.unfollow"), "cancel")}</Match>
            <Match when={status() === "friends"}>
              <MessageButton userId={p().id} primary onFailure={setFailure} />
              <button type="button" class="btn btn-small" disabled={busy()} onClick={() => setConfirming(true)}>
                {t("friends.remove")}
              </button>
            </Match>
          </Switch>
          <Show when={props.suggestion && status() === "none"}>
            <button type="button" class="btn btn-small" disabled={busy()} onClick={() => void hide()}>
              {t("friends.dismiss")}
            </button>
          </Show>
          <Show when={status() !== "blocked" && status() !== "friends"}>
            <MessageButton userId={p().id} onFailure={setFailure} />
          </Show>
        </div>
        </Show>
        <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      </div>
      <Show when={confirming()}>
        <ConfirmDialog
          open={confirming()}
          onClose={() => setConfirming(false)}
          title={t("friends.removeTitle")}
          message={t("friends.removeText", { name: personName(p()) })}
          confirmLabel={t("friends.remove")}
          onConfirm={() => act("remove", p().id).then(() => undefined)}
        />
      </Show>
    </li>
  );
}
