/**
 * Deleting a message, asked first (MessageList.tsx): one of mine, for everyone; or, for a moderator
 * in the public chat, someone else's, with a reason for the moderation log. A chunk of its own
 * (chat-parts.tsx), fetched when one opens, with its words.
 */
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { t } from "../../i18n/index.ts";
import { ReasonDialog } from "../admin/ReasonDialog.tsx";
import { deleteAsModerator, deleteMessage } from "./chat-client.ts";

export function DeleteMessageDialog(props: { chatId: string; messageId: number; onClose: () => void }) {
  return (
    <ConfirmDialog
      open
      onClose={props.onClose}
      title={t("chats.deleteMessageTitle")}
      message={t("chats.deleteMessageText")}
      confirmLabel={t("common.delete")}
      onConfirm={() => deleteMessage(props.chatId, props.messageId)}
    />
  );
}

export function ModerateMessageDialog(props: { chatId: string; messageId: number; onClose: () => void }) {
  return (
    <ReasonDialog
      title={t("chatmod.deleteTitle")}
      text={t("chatmod.deleteText")}
      hint={t("chatmod.deleteHint")}
      confirmLabel={t("chatmod.delete")}
      danger
      onConfirm={(reason) => deleteAsModerator(props.chatId, props.messageId, reason)}
      onClose={props.onClose}
    />
  );
}
