/**
 * The mark on a post or comment a moderator hid, which only its author sees: "Приховано
 * модератором: <reason>" (the reason as plain text) and that nobody else sees it.
 */
import { EyeOffIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import "./hidden.css";

export function HiddenMark(props: { reason: string }) {
  return (
    <p class="moderation-mark" role="note">
      <EyeOffIcon />
      <span>
        {t("admin.hiddenMark", { reason: props.reason })} <span class="moderation-mark-note">{t("admin.hiddenOnlyYou")}</span>
      </span>
    </p>
  );
}
