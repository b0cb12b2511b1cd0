/**
 * Dictionaries that features keep in their own folders (`web/src/features/<x>/i18n.ts`, each with
 * `uk` and `en` objects whose keys are type-checked to be the same). Their Ukrainian halves are
 * merged here (English ones in english.ts, loaded only when chosen); a feature key that would
 * shadow a core key (uk.ts) is a type error.
 */
import * as admin from "../features/admin/i18n.ts";
import * as chats from "../features/chats/i18n.ts";
import * as friends from "../features/friends/i18n.ts";
import * as notifications from "../features/notifications/i18n.ts";
import * as posts from "../features/posts/i18n.ts";
import * as reports from "../features/reports/i18n.ts";
import * as security from "../features/security/i18n.ts";
import * as passkeys from "../features/passkeys/i18n.ts";
import * as dataExport from "../features/data-export/i18n.ts";
import * as accountDeletion from "../features/account-deletion/i18n.ts";
import * as pwa from "../features/pwa/i18n.ts";
import * as push from "../features/push/i18n.ts";
import * as emoji from "../features/emoji/i18n.ts";
import * as presence from "../features/presence/i18n.ts";
import * as messageSearch from "../features/message-search/i18n.ts";
import * as mentions from "../features/mentions/i18n.ts";
import * as replies from "../features/replies/i18n.ts";
import * as offline from "../features/offline/i18n.ts";
import * as phone from "../features/phone/i18n.ts";
import type { MessageKey as CoreKey } from "./uk.ts";

export const featureUk = { ...admin.uk, ...chats.uk, ...friends.uk, ...notifications.uk, ...posts.uk, ...reports.uk,
  ...security.uk, ...passkeys.uk, ...dataExport.uk, ...accountDeletion.uk, ...pwa.uk, ...push.uk, ...emoji.uk, ...presence.uk, ...messageSearch.uk, ...mentions.uk,
  ...replies.uk, ...offline.uk, ...phone.uk };
export type FeatureKey = keyof typeof featureUk;

/** Compiles only while no feature key is also a core key. */
type Clash = Extract<FeatureKey, CoreKey>;
export const noClash: [Clash] extends [never] ? true : { clash: Clash } = true;
