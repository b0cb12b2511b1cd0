/**
 * A person's name as shown: "Видалений акаунт" for the stand-in the server puts in a deleted
 * account's place. The same as chats/format.ts's fullName, apart from that module (and the chat
 * words it brings) for pages that show names but no chat: the toasts (every first load), settings.
 */
import { DELETED_ACCOUNT_ID } from "../../../../shared/deleted-account.ts";
import { t } from "../../i18n/index.ts";

export const personName = (p: { id?: string; firstName: string; lastName: string }) =>
  p.id === DELETED_ACCOUNT_ID ? t("accountDeletion.deletedAccount") : `${p.firstName} ${p.lastName}`.trim();
