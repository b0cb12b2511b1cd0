/**
 * A moderator's or admin's controls on a person's profile (/u/:username): the person's suspension
 * (until when, or for good) and "Призупинити" / "Зняти призупинення" through the same reason dialog
 * the reports queue uses (1, 7 or 30 days or for good). Shown only when the profile carries
 * `staffView` (the server sends it to staff alone) and the viewer outranks the person; the
 * server checks the role again on every call. `onChanged` reads the profile again.
 */
import { createSignal, Show } from "solid-js";
import { outranks } from "../../../../shared/moderation-rules.ts";
import type { Profile } from "../../../../shared/profiles.ts";
import { StatusMessage } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { isForever, suspendedText } from "./format.ts";
import { ReasonDialog } from "../../components/lazy-parts.tsx";
// .profile-moderation and .profile-suspended (the dialog, which also brings them, loads when opened).
import "./reason-dialog.css";

export function ProfileModeration(props: { profile: Profile; onChanged: () => Promise<void> }) {
  const [dialog, setDialog] = createSignal<"suspend" | "unsuspend" | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const view = () => props.profile.staffView;
  const canAct = () => {
    const v = view();
    const role = me()?.role;
    return !!v && !!role && outranks(role, v.role);
  };
  const name = () => `${props.profile.firstName} ${props.profile.lastName}`.trim();

  async function suspend(reason: string, days: number | null) {
    await trpc.moderation.suspend.mutate({ userId: props.profile.id, days, reason });
    await props.onChanged();
    setNotice(t("admin.done.suspended"));
  }

  async function unsuspend(reason: string) {
    await trpc.moderation.unsuspend.mutate({ userId: props.profile.id, reason });
    await props.onChanged();
    setNotice(t("admin.done.unsuspended"));
  }

  return (
    <Show when={view()}>
      {(v) => (
        <div class="profile-moderation" role="group" aria-label={t("admin.profile.label")}>
          <Show when={v().suspendedUntil}>
            {(until) => (
              <span class="badge profile-suspended" data-forever={isForever(until()) ? "" : undefined}>
                {suspendedText(until())}
              </span>
            )}
          </Show>
          <Show when={canAct()}>
            <Show
              when={v().suspendedUntil}
              fallback={
                <button type="button" class="btn btn-small btn-danger" onClick={() => (setNotice(null), setDialog("suspend"))}>
                  {t("admin.profile.suspend")}
                </button>
              }
            >
              <button type="button" class="btn btn-small" onClick={() => (setNotice(null), setDialog("unsuspend"))}>
                {t("admin.action.unsuspend")}
              </button>
            </Show>
          </Show>
          <StatusMessage message={notice()} />
          <Show when={dialog() === "suspend"}>
            <ReasonDialog
              title={t("admin.dialog.suspendTitle", { name: name() })}
              text={t("admin.dialog.suspendText")}
              confirmLabel={t("admin.profile.suspend")}
              danger
              durations
              onConfirm={suspend}
              onClose={() => setDialog(null)}
            />
          </Show>
          <Show when={dialog() === "unsuspend"}>
            <ReasonDialog
              title={t("admin.dialog.unsuspendTitle", { name: name() })}
              text={t("admin.dialog.unsuspendText")}
              confirmLabel={t("admin.action.unsuspend")}
              onConfirm={(reason) => unsuspend(reason)}
              onClose={() => setDialog(null)}
            />
          </Show>
        </div>
      )}
    </Show>
  );
}
