/**
 * A moderator's or admin's controls in a group's info dialog (moderation.clearChat): clear the
 * group's name or its picture, each through the reason dialog (required reason, logged). Only the
 * name and the picture: messages are not touched (a reported message is deleted from the queue).
 * Shown to staff only; the server checks the role again. The dialog follows the change from the
 * `chat.updated` frame the action sends to every member.
 */
import { createSignal, Show } from "solid-js";
import type { ChatInfo } from "../../../../shared/chats.ts";
import { StatusMessage } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { isTeam } from "./AdminNavLink.tsx";
import { ReasonDialog } from "./ReasonDialog.tsx";

export function GroupModeration(props: { chat: ChatInfo }) {
  const [dialog, setDialog] = createSignal<"name" | "avatar" | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const open = (what: "name" | "avatar") => {
    setNotice(null);
    setDialog(what);
  };

  async function clear(what: "name" | "avatar", reason: string) {
    await trpc.moderation.clearChat.mutate({ chatId: props.chat.id, what, reason });
    setNotice(what === "name" ? t("admin.done.clearedName") : t("admin.done.clearedAvatar"));
  }

  return (
    <Show when={props.chat.kind === "group" && isTeam(me()?.role)}>
      <section class="group-moderation" aria-label={t("admin.group.label")}>
        <Show when={props.chat.name !== null || props.chat.avatar !== null}>
          <div class="group-moderation-actions">
            <Show when={props.chat.name !== null}>
              <button type="button" class="btn btn-small btn-danger" onClick={() => open("name")}>
                {t("admin.action.clearName")}
              </button>
            </Show>
            <Show when={props.chat.avatar !== null}>
              <button type="button" class="btn btn-small btn-danger" onClick={() => open("avatar")}>
                {t("admin.action.clearAvatar")}
              </button>
            </Show>
          </div>
        </Show>
        <StatusMessage message={notice()} />
        <Show when={dialog()}>
          {(what) => (
            <ReasonDialog
              title={what() === "name" ? t("admin.dialog.clearNameTitle") : t("admin.dialog.clearAvatarTitle")}
              text={t("admin.dialog.clearText")}
              confirmLabel={what() === "name" ? t("admin.action.clearName") : t("admin.action.clearAvatar")}
              danger
              onConfirm={(reason) => clear(what(), reason)}
              onClose={() => setDialog(null)}
            />
          )}
        </Show>
      </section>
    </Show>
  );
}
