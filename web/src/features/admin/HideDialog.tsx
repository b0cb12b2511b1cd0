/**
 * A moderator's "Приховати" on a post or comment (post cards and comments, for moderators and
 * admins): a reason, then `moderation.hide`; `onDone` runs after the server hid it (the card or
 * comment then goes for the moderator too — everyone else's go through the live frames).
 */
import type { ContentTarget } from "../../../../shared/moderation.ts";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { pushToast } from "../chats/live.ts";
import { ReasonDialog } from "./ReasonDialog.tsx";

export function HideDialog(props: { target: ContentTarget; onClose: () => void; onDone: () => void }) {
  const hide = async (reason: string) => {
    await trpc.moderation.hide.mutate({ target: props.target, reason });
    const user = me();
    if (user) pushToast({ heading: t("admin.hiddenDone"), text: t("admin.hiddenDoneText"), from: user, at: Date.now() });
    props.onDone();
  };
  return (
    <ReasonDialog
      title={props.target.kind === "post" ? t("admin.dialog.hidePostTitle") : t("admin.dialog.hideCommentTitle")}
      text={props.target.kind === "post" ? t("admin.dialog.hidePostText") : t("admin.dialog.hideCommentText")}
      hint={t("admin.dialog.reasonHintHide")}
      confirmLabel={t("admin.action.hide")}
      danger
      onConfirm={hide}
      onClose={props.onClose}
    />
  );
}
