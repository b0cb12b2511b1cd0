/**
 * On someone else's profile, where I stand with them (`profile.relation`) and what I can do:
 * Add friend / Cancel request / Accept + Decline / Remove from friends (asks first) / Unfollow;
 * Message when `canMessage`; Block (asks first; also when they blocked me), or Unblock when I
 * blocked them; Report. After each action `onChanged` reads the profile again (counts, may I
 * message them…); a frame about this person does the same from the page.
 */
import { createSignal, Match, Show, Switch } from "solid-js";
import type { Relation } from "../../../../shared/friends.ts";
import type { Profile } from "../../../../shared/profiles.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { ConfirmDialog, ReportDialog } from "../../components/lazy-parts.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { readError, type AppError } from "../../lib/trpc.ts";
import { act, type RelationAction } from "./actions.ts";
import { MessageButton } from "./MessageButton.tsx";
import { personName, statusText } from "./person.ts";
import "./friends.css";

export function ProfileRelation(props: { profile: Profile; relation: Relation; onChanged: () => Promise<void> }) {
  const r = () => props.relation;
  const name = () => personName(props.profile);
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [confirm, setConfirm] = createSignal<"remove" | "block" | null>(null);
  const [reporting, setReporting] = createSignal(false);

  async function run(action: RelationAction) {
    setBusy(true);
    setFailure(null);
    try {
      await act(action, props.profile.id);
      await props.onChanged();
    } catch (error) {
      setFailure(readError(error));
    } finally {
      setBusy(false);
    }
  }

  const button = (label: string, action: RelationAction, primary = false) => (
    <button type="button" class={primary ? "btn btn-primary btn-small" : "btn btn-small"} disabled={busy()} onClick={() => void run(action)}>
      {label}
    </button>
  );
  const stateText = () => (r().status === "blocked" && !r().blockedByMe ? t("friends.blockedByThem") : statusText(r().status));

  return (
    <div class="relation-bar">
      <Show when={stateText()}>
        <p class="relation-state" data-status={r().status} role="status">
          {stateText()}
        </p>
      </Show>
      <div class="relation-actions" role="group" aria-label={t("friends.actionsOf", { name: name() })}>
        <Switch>
          <Match when={r().status === "none" || r().status === "follower"}>{button(t("friends.add"), "request", true)}</Match>
          <Match when={r().status === "requested"}>{button(t("friends.cancelRequest"), "cancel")}</Match>
          <Match when={r().status === "incoming"}>
            {button(t("friends.accept"), "accept", true)}
            {button(t("friends.decline"), "decline")}
          </Match>
          <Match when={r().status === "following"}>{button(t("friends.unfollow"), "cancel")}</Match>
          <Match when={r().status === "friends"}>
            <button type="button" class="btn btn-small" disabled={busy()} onClick={() => setConfirm("remove")}>
              {t("friends.remove")}
            </button>
          </Match>
        </Switch>
        <Show when={r().canMessage}>
          <MessageButton userId={props.profile.id} primary={r().status === "friends"} onFailure={setFailure} />
        </Show>
        <Show
          when={r().blockedByMe}
          fallback={
            <button type="button" class="btn btn-small btn-danger" disabled={busy()} onClick={() => setConfirm("block")}>
              {t("friends.block")}
            </button>
          }
        >
          {button(t("friends.unblock"), "unblock")}
        </Show>
        <button type="button" class="btn btn-small" onClick={() => setReporting(true)}>
          {t("friends.report")}
        </button>
      </div>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <Show when={confirm() !== null}>
        <ConfirmDialog
          open={confirm() !== null}
          onClose={() => setConfirm(null)}
          title={confirm() === "block" ? t("friends.blockTitle") : t("friends.removeTitle")}
          message={confirm() === "block" ? t("friends.blockText", { name: name() }) : t("friends.removeText", { name: name() })}
          confirmLabel={confirm() === "block" ? t("friends.block") : t("friends.remove")}
          onConfirm={async () => {
            await act(confirm() === "block" ? "block" : "remove", props.profile.id);
            await props.onChanged();
          }}
        />
      </Show>
      <Show when={reporting()}>
        <ReportDialog target={{ kind: "user", id: props.profile.id }} onClose={() => setReporting(false)} />
      </Show>
    </div>
  );
}
