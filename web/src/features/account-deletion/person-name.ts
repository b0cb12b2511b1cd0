/**
 * A person's name as shown: "Видалений акаунт" for the stand-in the server puts in a deleted
 * account's place. Its own small module, so pages that show names but no chat (the toasts of every
 * first load, settings) do not load chats/format.ts and its words; that module re-exports it as fullName.
 */
import { DELETED_ACCOUNT_ID } from "../../../../shared/deleted-account.ts";
import { t } from "../../i18n/index.ts";

export const personName = (p: { id?: string; firstName: string; lastName: string }) =>
  p.id === DELETED_ACCOUNT_ID ? t("accountDeletion.deletedAccount") : `${p.firstName} ${p.lastName}`.trim();
