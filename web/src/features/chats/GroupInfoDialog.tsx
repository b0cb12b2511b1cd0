/**
 * A group's info: picture, name and members with the admin marked. The admin renames, changes
 * the picture, adds and removes members and hands the role over; everyone can leave (after a
 * confirmation) and report the group to the moderators (its name or picture); a moderator or admin
 * may clear its name or picture (features/admin/GroupModeration.tsx). The dialog keeps itself current from `chat.updated` frames.
 */
import { useNavigate } from "@solidjs/router";
import { createSignal, Match, onCleanup, Show, Switch } from "solid-js";
import type { ChatSummary } from "../../../../shared/chats.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { Dialog } from "../../components/Dialog.tsx";
import { IconButton } from "../../components/IconButton.tsx";
import { CloseIcon } from "../../components/icons.tsx";
import { t, tPlural } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { me } from "../../lib/session.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { ChatAvatar } from "./ChatAvatar.tsx";
import { upsertChat } from "./chat-list.ts";
import type { ChatNotice } from "./ChatList.tsx";
import { GroupMembers } from "./GroupMembers.tsx";
import { GroupSettings } from "./GroupSettings.tsx";
import { chatTitle } from "./format.ts";
import { FlagIcon } from "../reports/icons.tsx";
import { GroupModeration } from "../admin/GroupModeration.tsx";
import "../../styles/groups.css";

/** Runs a group change; its answer (the chat with all members) replaces what is shown. */
export type GroupAction = (task: () => Promise<ChatSummary>, done: (chat: ChatSummary) => string) => Promise<boolean>;

function GroupInfoBody(props: { chatId: string; onClose: () => void; onReport: () => void }) {
  const navigate = useNavigate();
  const [chat, { refetch, mutate }] = createLoader(
    () => props.chatId,
    (chatId) => trpc.chats.byId.query({ chatId }),
  );
  onCleanup(onServerEvent((e) => e.type === "chat.updated" && e.chat.id === props.chatId && void refetch()));
  const [notice, setNotice] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [leaving, setLeaving] = createSignal(false);

  const act: GroupAction = async (task, done) => {
    setFailure(null);
    setNotice(null);
    try {
      const next = await task();
      upsertChat(next);
      mutate({ value: next });
      setNotice(done(next));
      return true;
    } catch (error) {
      setFailure(readError(error));
      return false;
    }
  };

  return (
    <Switch fallback={<p class="loading" role="status">{t("app.loading")}</p>}>
      <Match when={chat()?.failure}>
        {(f) => (
          <>
            <h2 id="group-info-title" class="dialog-title">
              {t("groups.infoTitle")}
            </h2>
            <ErrorAlert message={errorText(f())} />
          </>
        )}
      </Match>
      <Match when={chat()?.value}>
        {(c) => {
          const isAdmin = () => c().adminId === me()?.id;
          return (
            <>
              <div class="group-info-head">
                <ChatAvatar chat={c()} size="lg" />
                <div class="group-info-title">
                  <h2 id="group-info-title" class="dialog-title">
                    {chatTitle(c(), me()?.id)}
                  </h2>
                  <p class="muted">{tPlural("chats.members", c().memberCount)}</p>
                </div>
                <IconButton label={t("common.close")} onClick={() => props.onClose()}>
                  <CloseIcon />
                </IconButton>
              </div>
              <ErrorAlert message={failure() ? errorText(failure()!) : null} />
              <StatusMessage message={notice()} />
              <Show when={isAdmin()}>
                <GroupSettings chat={c()} act={act} />
              </Show>
              <GroupMembers chat={c()} isAdmin={isAdmin()} act={act} />
              <GroupModeration chat={c()} />
              <div class="dialog-actions">
                <button type="button" class="btn" onClick={() => props.onReport()}>
                  <FlagIcon />
                  <span>{t("chatmod.reportGroup")}</span>
                </button>
                <button type="button" class="btn btn-danger" onClick={() => setLeaving(true)}>
                  {t("groups.leave")}
                </button>
              </div>

              <ConfirmDialog
                open={leaving()}
                onClose={() => setLeaving(false)}
                title={t("groups.leaveTitle")}
                message={t("groups.leaveText", { name: chatTitle(c(), me()?.id) })}
                confirmLabel={t("groups.leaveConfirm")}
                onConfirm={async () => {
                  const name = chatTitle(c(), me()?.id);
                  await trpc.chats.leave.mutate({ chatId: props.chatId });
                  const chatNotice: ChatNotice = { key: "chats.leftNotice", name };
                  navigate("/chats", { replace: true, state: { chatNotice } });
                }}
              />
            </>
          );
        }}
      </Match>
    </Switch>
  );
}

/** `onReport`: "Report group" was chosen (the chat view closes this dialog and opens the report one). */
export function GroupInfoDialog(props: { open: boolean; chatId: string; onClose: () => void; onReport: () => void }) {
  return (
    <Dialog open={props.open} onClose={props.onClose} labelledBy="group-info-title" class="dialog-form dialog-group">
      <GroupInfoBody chatId={props.chatId} onClose={props.onClose} onReport={props.onReport} />
    </Dialog>
  );
}
