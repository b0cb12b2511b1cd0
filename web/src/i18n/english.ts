/**
 * All English words: en.ts and the `en` half of each feature's dictionary. Loaded only when a
 * person chooses English (index.ts imports this module on demand), so the Ukrainian first load
 * does not carry a second language.
 *
 * A feature dictionary keeps both languages in one file (web/src/features/<x>/i18n.ts, `en` typed
 * against `uk` there). Imported here with "?lang=en", the build treats it as a second module of
 * its own: the entry keeps only `uk` of the plain import (features.ts), this chunk only `en` —
 * each copy drops the half it does not use. The English shape is checked below against the keys.
 */
import { en as admin } from "../features/admin/i18n.ts?lang=en";
import { en as chats } from "../features/chats/i18n.ts?lang=en";
import { en as friends } from "../features/friends/i18n.ts?lang=en";
import { en as notifications } from "../features/notifications/i18n.ts?lang=en";
import { en as posts } from "../features/posts/i18n.ts?lang=en";
import { en as reports } from "../features/reports/i18n.ts?lang=en";
import { en as security } from "../features/security/i18n.ts?lang=en";
import { en as passkeys } from "../features/passkeys/i18n.ts?lang=en";
import { en as dataExport } from "../features/data-export/i18n.ts?lang=en";
import { en as accountDeletion } from "../features/account-deletion/i18n.ts?lang=en";
import { en as pwa } from "../features/pwa/i18n.ts?lang=en";
import { en as push } from "../features/push/i18n.ts?lang=en";
import { en as emoji } from "../features/emoji/i18n.ts?lang=en";
import { en as presence } from "../features/presence/i18n.ts?lang=en";
import { en as messageSearch } from "../features/message-search/i18n.ts?lang=en";
import { en as mentions } from "../features/mentions/i18n.ts?lang=en";
import { en as replies } from "../features/replies/i18n.ts?lang=en";
import { en as offline } from "../features/offline/i18n.ts?lang=en";
import { en as phone } from "../features/phone/i18n.ts?lang=en";
import type * as Security from "../features/security/i18n.ts";
import type * as Passkeys from "../features/passkeys/i18n.ts";
import type * as DataExport from "../features/data-export/i18n.ts";
import type * as AccountDeletion from "../features/account-deletion/i18n.ts";
import type * as Pwa from "../features/pwa/i18n.ts";
import type * as Push from "../features/push/i18n.ts";
import type * as Emoji from "../features/emoji/i18n.ts";
import type * as Presence from "../features/presence/i18n.ts";
import type * as MessageSearch from "../features/message-search/i18n.ts";
import type * as Mentions from "../features/mentions/i18n.ts";
import type * as Replies from "../features/replies/i18n.ts";
import type * as Offline from "../features/offline/i18n.ts";
import type * as Phone from "../features/phone/i18n.ts";
import type * as Admin from "../features/admin/i18n.ts";
import type * as Chats from "../features/chats/i18n.ts";
import type * as Friends from "../features/friends/i18n.ts";
import type * as Notifications from "../features/notifications/i18n.ts";
import type * as Posts from "../features/posts/i18n.ts";
import type * as Reports from "../features/reports/i18n.ts";
import { en as core } from "./en.ts";
import type { MessageKey } from "./index.ts";

/** The "?lang=en" imports are typed as their plain modules' `en`. */
type Features = typeof Admin.en & typeof Chats.en & typeof Friends.en & typeof Notifications.en & typeof Posts.en & typeof Reports.en &
  typeof Security.en & typeof Passkeys.en & typeof DataExport.en & typeof AccountDeletion.en & typeof Pwa.en & typeof Push.en & typeof Emoji.en & typeof Presence.en & typeof MessageSearch.en & typeof Mentions.en & typeof Replies.en & typeof Offline.en & typeof Phone.en;
const features = { ...admin, ...chats, ...friends, ...notifications, ...posts, ...reports, ...security, ...passkeys, ...dataExport, ...accountDeletion, ...pwa, ...push, ...emoji, ...presence, ...messageSearch, ...mentions, ...replies, ...offline, ...phone } as Features;

export const english: Record<MessageKey, string> = { ...core, ...features };
