/** How a person is named and linked, and a friend status in words: apart from PersonCard.tsx, so a profile names people without loading the card. */
import type { FriendStatus } from "../../../../shared/friends.ts";
import { t } from "../../i18n/index.ts";

export const personName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`.trim();
export const profileHref = (username: string) => `/u/${encodeURIComponent(username)}`;

/** The words for a status ("Ви друзі"); empty for none. */
export const statusText = (status: FriendStatus) => t(`friends.status.${status}`);
