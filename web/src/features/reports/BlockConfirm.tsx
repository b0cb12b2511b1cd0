/**
 * "Block {name}?" before a personal chat's Block (chat-safety.tsx's BlockToggle): a chunk of its own,
 * fetched when it opens, with its words.
 */
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { t } from "../../i18n/index.ts";

export function BlockConfirm(props: { name: string; onConfirm: () => Promise<void>; onClose: () => void }) {
  return (
    <ConfirmDialog
      open
      onClose={props.onClose}
      title={t("safety.blockTitle", { name: props.name })}
      message={t("safety.blockText", { name: props.name })}
      confirmLabel={t("safety.block")}
      onConfirm={props.onConfirm}
    />
  );
}
