/**
 * One row per tRPC procedure (dotted path): what each role gets when it calls it on the member's
 * resources (cast.ts), and, for a row taking ids, the stranger's answer for someone else's id and
 * for a missing one (the same one, except where existence is public: posts and comments, in
 * post-rows.ts). authz-matrix.test.ts fails for a procedure without a row and for a row without a
 * procedure.
 */
import type { AlbumSummary } from "../../../shared/albums.ts";
import type { ChatList } from "../../../shared/chats.ts";
import { createClient, defaultPassword, uniqueEmail, uniqueUsername, type TestClient } from "../../helpers/client.ts";
import { albumWithPhoto, freshAccount, freshGroup, freshMemberSession, memberAsNewAccount, upload1, type Cast } from "./cast.ts";
import { sendOk } from "./frames.ts";
import { friendRows } from "./friend-rows.ts";
import { moderationRows } from "./moderation-rows.ts";
import { notificationRows } from "./notification-rows.ts";
import { securityRows } from "./security-rows.ts";
import { passkeyRows } from "./passkey-rows.ts";
import { exportRows } from "./export-rows.ts";
import { deletionRows } from "./deletion-rows.ts";
import { postRows } from "./post-rows.ts";
import { pushRows } from "./push-rows.ts";
import { presenceRows } from "./presence-rows.ts";
import { searchRows } from "./search-rows.ts";
import { mentionRows } from "./mention-rows.ts";
import { replyRows } from "./reply-rows.ts";
import {
  anyone,
  CHAT_404,
  groupAdmin,
  groupMembers,
  guestsOnly,
  OK,
  ownAccount,
  ownerOnly,
  SIGN_IN,
  signedIn,
  type Api,
  type Expect,
  type IdKey,
  type IdorAnswer,
  type Role,
  type Target,
} from "./matrix.ts";

export interface Fresh {
  /** Ids replacing the cast's for this one call. */
  t?: Partial<Target>;
  /** Another client making the call for this role (a new account or session the call may end). */
  as?: TestClient;
}

export interface ProcedureRow {
  expect: Expect;
  call(api: Api, t: Target): Promise<unknown>;
  /** The call destroys or uses up its target (or the caller's session): a fresh one for each role's call. */
  fresh?(cast: Cast, role: Role): Promise<Fresh>;
  /** IDOR: each id the row takes, with the answer a stranger gets for someone else's and for a missing one. */
  idor?: Partial<Record<IdKey, IdorAnswer>>;
  /** What an allowed answer must not show this role (someone else's chat or album in a list); null when fine. */
  leaks?(result: unknown, role: Role, cast: Cast): string | null;
}

const MEDIA_404 = "NOT_FOUND media.notFound";
const NOT_OWNER = "FORBIDDEN albums.notOwner";
const ALBUM_404 = "NOT_FOUND albums.notFound";
const PHOTO_404 = "NOT_FOUND albums.photoNotFound";
const MESSAGE_404 = "NOT_FOUND chats.messageNotFound";
const NOT_A_MEMBER = "NOT_FOUND chats.notAMember";
const IMAGE_404 = "NOT_FOUND chats.imageNotFound";
const NOT_YOUR_MESSAGE = "FORBIDDEN chats.notYourMessage";
const SESSION_404 = "BAD_REQUEST auth.sessionNotFound";
const newPassword = "another-Stapler-43";

/** For the member's own-account rows that change or end the account: a new account of their own. */
const groupPerCall = async (cast: Cast): Promise<Fresh> => ({ t: { chatId: await freshGroup(cast) } });
const albumPerCall = async (cast: Cast): Promise<Fresh> => ({ t: await albumWithPhoto(cast.srv, cast.actors.member.client, "everyone") });

const auth: Record<string, ProcedureRow> = {
  "auth.me": { expect: anyone, call: (api) => api.auth.me.query() },
  "auth.register": {
    expect: guestsOnly,
    call: (api) =>
      api.auth.register.mutate({ email: uniqueEmail(), username: uniqueUsername(), firstName: "Олена", lastName: "Коваль", password: defaultPassword }),
  },
  "auth.resendCode": { expect: guestsOnly, call: (api) => api.auth.resendCode.mutate({ email: uniqueEmail() }) },
  "auth.verifyEmail": {
    expect: guestsOnly,
    async fresh(cast) {
      const client = createClient(cast.srv);
      const email = uniqueEmail();
      await client.trpc.auth.register.mutate({ email, username: uniqueUsername(), firstName: "Тарас", lastName: "Шевчук", password: defaultPassword });
      return { as: client, t: { email, secret: await cast.srv.mail.codeFor(email) } };
    },
    call: (api, t) => api.auth.verifyEmail.mutate({ email: t.email, code: t.secret }),
  },
  "auth.signIn": {
    expect: guestsOnly,
    fresh: async (cast) => ({ as: createClient(cast.srv), t: { email: cast.bystander.email } }),
    call: (api, t) => api.auth.signIn.mutate({ email: t.email, password: defaultPassword }),
  },
  "auth.signOut": {
    expect: ownAccount,
    fresh: async (cast, role) => (role === "member" ? { as: (await freshMemberSession(cast)).client } : {}),
    call: (api) => api.auth.signOut.mutate(),
  },
  "auth.sessions": { expect: ownAccount, call: (api) => api.auth.sessions.query() },
  "auth.revokeSession": {
    expect: ownerOnly(SESSION_404),
    fresh: async (cast) => ({ t: { sessionId: (await freshMemberSession(cast)).sessionId } }),
    call: (api, t) => api.auth.revokeSession.mutate({ id: t.sessionId }),
    idor: { sessionId: SESSION_404 },
  },
  "auth.revokeOtherSessions": { expect: ownAccount, fresh: memberAsNewAccount, call: (api) => api.auth.revokeOtherSessions.mutate() },
  "auth.requestPasswordReset": { expect: guestsOnly, call: (api) => api.auth.requestPasswordReset.mutate({ email: uniqueEmail() }) },
  "auth.resetPassword": {
    expect: guestsOnly,
    async fresh(cast) {
      const { email } = await freshAccount(cast.srv);
      const guest = createClient(cast.srv);
      await guest.trpc.auth.requestPasswordReset.mutate({ email });
      const token = new URL(await cast.srv.mail.linkFor(email)).hash.replace("#token=", "");
      return { as: guest, t: { secret: token } };
    },
    call: (api, t) => api.auth.resetPassword.mutate({ token: t.secret, password: newPassword }),
  },
};

const account: Record<string, ProcedureRow> = {
  "settings.get": { expect: ownAccount, call: (api) => api.settings.get.query() },
  "settings.update": {
    expect: ownAccount,
    call: (api, t) =>
      api.settings.update.mutate({ firstName: "Олена", lastName: "Коваль", username: t.username, bio: "", birthDate: null, showBirthDate: false }),
  },
  "settings.changePassword": {
    expect: ownAccount,
    fresh: memberAsNewAccount,
    call: (api) => api.settings.changePassword.mutate({ currentPassword: defaultPassword, newPassword, signOutOtherSessions: false }),
  },
  "settings.requestEmailChange": {
    expect: ownAccount,
    fresh: memberAsNewAccount,
    call: (api) => api.settings.requestEmailChange.mutate({ password: defaultPassword, newEmail: uniqueEmail() }),
  },
  "settings.confirmEmailChange": {
    expect: ownAccount,
    async fresh(cast, role) {
      if (role !== "member") return {};
      const { client } = await freshAccount(cast.srv);
      const newEmail = uniqueEmail();
      await client.trpc.settings.requestEmailChange.mutate({ password: defaultPassword, newEmail });
      return { as: client, t: { secret: await cast.srv.mail.codeFor(newEmail) } };
    },
    call: (api, t) => api.settings.confirmEmailChange.mutate({ code: t.secret }),
  },
  "settings.cancelEmailChange": { expect: ownAccount, call: (api) => api.settings.cancelEmailChange.mutate() },
  "media.usage": { expect: ownAccount, call: (api) => api.media.usage.query() },
  "profiles.byUsername": { expect: anyone, call: (api, t) => api.profiles.byUsername.query({ username: t.username }) },
  "avatars.list": { expect: ownAccount, call: (api) => api.avatars.list.query() },
  "avatars.add": {
    expect: ownerOnly(MEDIA_404),
    call: (api, t) => api.avatars.add.mutate({ mediaId: t.media.avatar }),
    idor: { media: MEDIA_404 },
  },
  "avatars.setActive": {
    expect: ownerOnly(MEDIA_404),
    call: (api, t) => api.avatars.setActive.mutate({ mediaId: t.media.avatar }),
    idor: { media: MEDIA_404 },
  },
  "avatars.remove": {
    expect: ownerOnly(MEDIA_404),
    async fresh(cast) {
      const avatar = await upload1(cast, "avatar");
      await cast.actors.member.client.trpc.avatars.add.mutate({ mediaId: avatar });
      return { t: { media: { ...cast.target.media, avatar } } };
    },
    call: (api, t) => api.avatars.remove.mutate({ mediaId: t.media.avatar }),
    idor: { media: MEDIA_404 },
  },
  // Setting a signature removes the one before: each call gets its own upload.
  "signature.set": {
    expect: ownerOnly(MEDIA_404),
    fresh: async (cast) => ({ t: { media: { ...cast.target.media, signature: await upload1(cast, "signature") } } }),
    call: (api, t) => api.signature.set.mutate({ mediaId: t.media.signature }),
    idor: { media: MEDIA_404 },
  },
  "signature.remove": {
    expect: ownAccount,
    async fresh(cast, role) {
      if (role === "member") await cast.actors.member.client.trpc.signature.set.mutate({ mediaId: await upload1(cast, "signature") });
      return {};
    },
    call: (api) => api.signature.remove.mutate(),
  },
};

const albums: Record<string, ProcedureRow> = {
  "albums.list": {
    expect: anyone,
    call: (api, t) => api.albums.list.query({ username: t.username }),
    leaks(result, role) {
      const onlyMe = (result as AlbumSummary[]).some((a) => a.visibility === "only_me");
      const friends = (result as AlbumSummary[]).some((a) => a.visibility === "friends");
      if (role === "member") return onlyMe && friends ? null : "the owner's list lacks their only-me or friends album";
      if (onlyMe) return "lists the member's only-me album";
      // The admin is the member's friend.
      if (role === "admin") return friends ? null : "a friend's list lacks the member's friends album";
      return friends ? "lists the member's friends album to someone who is not their friend" : null;
    },
  },
  "albums.byId": { expect: anyone, call: (api, t) => api.albums.byId.query({ id: t.albumId }), idor: { albumId: ALBUM_404 } },
  "albums.create": {
    expect: signedIn,
    call: (api) => api.albums.create.mutate({ title: "Нове", theme: "", year: null, visibility: "everyone" }),
  },
  "albums.update": {
    expect: ownerOnly(NOT_OWNER),
    call: (api, t) => api.albums.update.mutate({ id: t.albumId, title: "Album everyone", theme: "", year: null, visibility: "everyone" }),
    idor: { albumId: ALBUM_404 },
  },
  "albums.remove": {
    expect: ownerOnly(NOT_OWNER),
    fresh: albumPerCall,
    call: (api, t) => api.albums.remove.mutate({ id: t.albumId }),
    idor: { albumId: ALBUM_404 },
  },
  "albums.addPhotos": {
    expect: ownerOnly(NOT_OWNER),
    async fresh(cast) {
      const { albumId } = await albumWithPhoto(cast.srv, cast.actors.member.client, "everyone");
      return { t: { albumId, media: { ...cast.target.media, album_photo: await upload1(cast, "album_photo") } } };
    },
    call: (api, t) => api.albums.addPhotos.mutate({ albumId: t.albumId, mediaIds: [t.media.album_photo] }),
    idor: { albumId: ALBUM_404, media: "NOT_FOUND albums.mediaNotFound" },
  },
  "albums.updatePhoto": {
    expect: ownerOnly(NOT_OWNER),
    call: (api, t) => api.albums.updatePhoto.mutate({ photoId: t.photoId, caption: "Підпис" }),
    idor: { photoId: PHOTO_404 },
  },
  "albums.removePhoto": {
    expect: ownerOnly(NOT_OWNER),
    fresh: albumPerCall,
    call: (api, t) => api.albums.removePhoto.mutate({ photoId: t.photoId }),
    idor: { photoId: PHOTO_404 },
  },
  "albums.reorder": {
    expect: ownerOnly(NOT_OWNER),
    call: (api, t) => api.albums.reorder.mutate({ albumId: t.albumId, photoIds: [t.photoId] }),
    idor: { albumId: ALBUM_404, photoId: "BAD_REQUEST albums.reorderMismatch" },
  },
  "albums.setCover": {
    expect: ownerOnly(NOT_OWNER),
    call: (api, t) => api.albums.setCover.mutate({ albumId: t.albumId, photoId: t.photoId }),
    idor: { albumId: ALBUM_404, photoId: PHOTO_404 },
  },
};

const chats: Record<string, ProcedureRow> = {
  "chats.list": {
    expect: signedIn,
    call: (api) => api.chats.list.query({ limit: 100 }),
    leaks(result, role, cast) {
      const listed = (result as ChatList).chats.some((c) => c.id === cast.target.chatId);
      const member = role === "member" || role === "admin";
      if (listed === member) return null;
      return member ? "a member's list lacks the group" : "lists a group the caller is not in";
    },
  },
  "chats.byId": { expect: groupMembers, call: (api, t) => api.chats.byId.query({ chatId: t.chatId }), idor: { chatId: CHAT_404 } },
  // The public chat is readable by guests; any other chat answers a guest like a missing one.
  "chats.changes": {
    expect: { ...groupMembers, guest: CHAT_404 },
    call: (api, t) => api.chats.changes.query({ chatId: t.chatId, since: 0 }),
    idor: { chatId: CHAT_404 },
  },
  "chats.history": {
    expect: { ...groupMembers, guest: CHAT_404 },
    call: (api, t) => api.chats.history.query({ chatId: t.chatId }),
    idor: { chatId: CHAT_404 },
  },
  "chats.markRead": {
    expect: groupMembers,
    call: (api, t) => api.chats.markRead.mutate({ chatId: t.chatId, messageId: t.messageId }),
    // A message id is only a position in my own chat: any number is fine there.
    idor: { chatId: CHAT_404, messageId: OK },
  },
  "chats.deleteMessage": {
    expect: { ...groupMembers, admin: NOT_YOUR_MESSAGE },
    fresh: async (cast) => ({ t: { messageId: (await sendOk(cast.actors.member.sock, cast.target.chatId, `to be deleted ${crypto.randomUUID().slice(0, 8)}`)).id } }),
    call: (api, t) => api.chats.deleteMessage.mutate({ chatId: t.chatId, messageId: t.messageId }),
    idor: { chatId: CHAT_404, messageId: MESSAGE_404 },
  },
  "chats.editMessage": {
    expect: { ...groupMembers, admin: NOT_YOUR_MESSAGE },
    call: (api, t) => api.chats.editMessage.mutate({ chatId: t.chatId, messageId: t.messageId, body: "edited by its author" }),
    idor: { chatId: CHAT_404, messageId: MESSAGE_404 },
  },
  "chats.react": {
    expect: groupMembers,
    call: (api, t) => api.chats.react.mutate({ chatId: t.chatId, messageId: t.messageId, emoji: "👍", on: true }),
    idor: { chatId: CHAT_404, messageId: MESSAGE_404 },
  },
  "chats.openPersonal": { expect: signedIn, call: (api, t) => api.chats.openPersonal.mutate({ userId: t.personId }) },
  // The avatar is a chat_image of the member's: nobody else may put it on a group of theirs.
  "chats.createGroup": {
    expect: { guest: SIGN_IN, stranger: IMAGE_404, member: OK, removed: IMAGE_404, admin: IMAGE_404, moderator: IMAGE_404, siteAdmin: IMAGE_404 },
    call: (api, t) => api.chats.createGroup.mutate({ name: "Нова група", memberIds: [], avatarId: t.media.chat_image }),
    idor: { media: IMAGE_404 },
  },
  "chats.updateGroup": {
    expect: groupAdmin,
    call: (api, t) => api.chats.updateGroup.mutate({ chatId: t.chatId, name: "Матриця" }),
    idor: { chatId: CHAT_404 },
  },
  "chats.addMembers": {
    expect: groupAdmin,
    fresh: groupPerCall,
    call: (api, t) => api.chats.addMembers.mutate({ chatId: t.chatId, userIds: [t.personId] }),
    idor: { chatId: CHAT_404 },
  },
  "chats.removeMember": {
    expect: groupAdmin,
    fresh: groupPerCall,
    call: (api, t) => api.chats.removeMember.mutate({ chatId: t.chatId, userId: t.memberId }),
    idor: { chatId: CHAT_404, memberId: NOT_A_MEMBER },
  },
  "chats.transferAdmin": {
    expect: groupAdmin,
    fresh: groupPerCall,
    call: (api, t) => api.chats.transferAdmin.mutate({ chatId: t.chatId, userId: t.memberId }),
    idor: { chatId: CHAT_404, memberId: NOT_A_MEMBER },
  },
  "chats.leave": {
    expect: groupMembers,
    fresh: groupPerCall,
    call: (api, t) => api.chats.leave.mutate({ chatId: t.chatId }),
    idor: { chatId: CHAT_404 },
  },
  "chats.notifyEveryone": { expect: signedIn, call: (api) => api.chats.notifyEveryone.mutate({ text: "Перевірка доступу" }) },
};

export const procedureRows: Record<string, ProcedureRow> = {
  ...auth,
  ...account,
  ...albums,
  ...chats,
  ...postRows,
  ...friendRows,
  ...notificationRows,
  ...moderationRows,
  ...securityRows,
  ...passkeyRows,
  ...exportRows,
  ...deletionRows,
  ...pushRows,
  ...presenceRows,
  ...searchRows,
  ...mentionRows,
  ...replyRows,
};
