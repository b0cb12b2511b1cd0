/** Who can see an album, as a small badge. */
import type { AlbumVisibility } from "../../../../shared/albums.ts";
import { t } from "../../i18n/index.ts";

export const visibilityLabel = (v: AlbumVisibility) =>
  v === "everyone" ? t("albums.visibility.everyone") : v === "friends" ? t("albums.visibility.friends") : t("albums.visibility.only_me");

export function VisibilityBadge(props: { visibility: AlbumVisibility }) {
  return (
    <span class="badge badge-neutral" data-visibility={props.visibility}>
      {visibilityLabel(props.visibility)}
    </span>
  );
}
