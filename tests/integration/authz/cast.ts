/**
 * The people and resources of the authorisation matrix, created once per test server: one actor
 * per role (each with a signed-in client, or none for the guest, and a websocket; the admin is also
 * the member's friend; the moderator and the siteAdmin hold those site roles and nothing else), the member's resources the matrix calls on (a group, albums for everyone,
 * friends and only the member, media, a post with the admin's comment under it),
 * the stranger's own resources (the IDOR tests keep them for every id they do not swap), and small
 * factories for the rows whose call destroys its target.
 */
import { MEDIA_PURPOSES, type MediaPurpose } from "../../../shared/media.ts";
import { makePng } from "../../fixtures/images.ts";
import { upload } from "../../fixtures/media-kit.ts";
import { connect, is } from "../../helpers/chat.ts";
import { createClient, defaultPassword, registerAndVerify, type TestClient } from "../../helpers/client.ts";
import type { TestServer } from "../../helpers/test-server.ts";
import type { TestSocket } from "../../helpers/ws.ts";
import { openChat, sendOk } from "./frames.ts";
import { hexId, type Role, type Target } from "./matrix.ts";
import type { Fresh } from "./procedures.ts";

export interface Actor {
  client: TestClient;
  /** null for the guest. */
  user: { id: string; username: string; email: string } | null;
  /** A socket kept for the whole suite (the removed member's had the group open before the removal). */
  sock: TestSocket;
}

export interface Cast {
  srv: TestServer;
  actors: Record<Role, Actor>;
  /** Someone outside every role: the person to chat with or add, and the author of what the moderation rows act on. */
  bystander: { id: string; email: string; client: TestClient };
  /** The member's resources (the matrix's targets). */
  target: Target;
  /** A personal chat of the member and the admin (another chat the stranger is not in). */
  personalChatId: string;
  /** The stranger's own resources; the IDOR tests swap one id at a time for someone else's or a missing one. */
  strangersOwn: Target;
  /** Someone else's resources the stranger may not see (the group, the only-me album, the member's media…). */
  foreign: Target;
  /** Ids of the right shape that exist nowhere. */
  missing: Target;
  /** Media URLs for the GET /media checks. */
  files: Record<"groupImage" | "draftImage" | "onlyMePhoto" | "friendsPhoto" | "everyonePhoto" | "avatar" | "signature" | "postImage", string>;
}

const png = () => makePng(48, 36);

async function uploads(srv: TestServer, client: TestClient): Promise<Record<MediaPurpose, string>> {
  const infos = await Promise.all(MEDIA_PURPOSES.map((p) => upload(srv, client, p, png())));
  return Object.fromEntries(MEDIA_PURPOSES.map((p, i) => [p, infos[i]!.id])) as Record<MediaPurpose, string>;
}

async function signedInActor(srv: TestServer): Promise<Actor> {
  const client = createClient(srv);
  const { user, email } = await registerAndVerify(srv, client);
  return { client, user: { id: user.id, username: user.username, email }, sock: await connect(srv, client) };
}

/** An album of `client`'s with one photo; returns the ids and the photo's URL. */
export async function albumWithPhoto(srv: TestServer, client: TestClient, visibility: "everyone" | "friends" | "only_me") {
  const album = await client.trpc.albums.create.mutate({ title: `Album ${visibility}`, theme: "", year: null, visibility });
  const media = await upload(srv, client, "album_photo", png());
  const [photo] = await client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [media.id] });
  return { albumId: album.id, photoId: photo!.id, url: media.urls.full! };
}

/** A group of the admin's with the member in it and the removed member removed from it. */
export async function freshGroup(cast: Cast): Promise<string> {
  const { admin, member, removed } = cast.actors;
  const group = await admin.client.trpc.chats.createGroup.mutate({ name: "Fresh", memberIds: [member.user!.id, removed.user!.id] });
  await admin.client.trpc.chats.removeMember.mutate({ chatId: group.id, userId: removed.user!.id });
  return group.id;
}

/** A new account, signed in on its own client (for rows that change or end the account's session). */
export async function freshAccount(srv: TestServer) {
  const client = createClient(srv);
  const { email, user } = await registerAndVerify(srv, client);
  return { client, email, id: user.id };
}

/** `fresh` for a row acting on the caller's own account: the member's call runs on a new account of its own. */
export const memberAsNewAccount = async (cast: Cast, role: Role): Promise<Fresh> =>
  role === "member" ? { as: (await freshAccount(cast.srv)).client } : {};

/** Another session of the member, on a new client; returns its id as auth.sessions lists it. */
export async function freshMemberSession(cast: Cast) {
  const client = createClient(cast.srv);
  await client.trpc.auth.signIn.mutate({ email: cast.actors.member.user!.email, password: defaultPassword });
  const sessions = await client.trpc.auth.sessions.query();
  return { client, sessionId: sessions.find((s) => s.current)!.id };
}

/** A new post of `client`'s; returns its id. */
export async function postBy(client: TestClient): Promise<number> {
  return (await client.trpc.posts.create.mutate({ title: "Пост матриці", body: "Текст" })).id;
}

/** A new comment of `client`'s under the post; returns its id. */
export async function commentBy(client: TestClient, postId: number): Promise<number> {
  // Each its own words: the same text a fourth time in a while is refused as a repeat.
  return (await client.trpc.comments.create.mutate({ postId, body: `Коментар матриці ${crypto.randomUUID().slice(0, 8)}` })).id;
}

export async function upload1(cast: Cast, purpose: MediaPurpose, client = cast.actors.member.client): Promise<string> {
  return (await upload(cast.srv, client, purpose, png())).id;
}

export async function createCast(srv: TestServer): Promise<Cast> {
  const [stranger, member, removed, admin, bystander, moderator, siteAdmin] = await Promise.all([
    signedInActor(srv),
    signedInActor(srv),
    signedInActor(srv),
    signedInActor(srv),
    signedInActor(srv),
    signedInActor(srv),
    signedInActor(srv),
  ]);
  // The site's staff (issue #16): made in the database, as the command line would (moderation-roles.test.ts covers it).
  await srv.deps.db.db.updateTable("users").set({ role: "moderator" }).where("id", "=", moderator.user!.id).execute();
  await srv.deps.db.db.updateTable("users").set({ role: "admin" }).where("id", "=", siteAdmin.user!.id).execute();
  const guestClient = createClient(srv);
  const actors: Record<Role, Actor> = {
    guest: { client: guestClient, user: null, sock: await connect(srv) },
    stranger,
    member,
    removed,
    admin,
    moderator,
    siteAdmin,
  };
  const [m, a, r] = [member.user!, admin.user!, removed.user!];

  // The group: the removed member had it open and wrote in it before the admin removed them.
  const group = await admin.client.trpc.chats.createGroup.mutate({ name: "Матриця", memberIds: [m.id, r.id] });
  const chatId = group.id;
  await openChat(removed.sock, chatId);
  await sendOk(removed.sock, chatId, "from the member who is about to be removed");
  const memberMessage = await sendOk(member.sock, chatId, "from the member");
  await admin.client.trpc.chats.removeMember.mutate({ chatId, userId: r.id });
  await removed.sock.next(is("chat.removed", (e) => e.chatId === chatId), 10_000);

  const personal = await member.client.trpc.chats.openPersonal.mutate({ userId: a.id });
  await sendOk(member.sock, personal.id, "just between the member and the admin");

  const media = await uploads(srv, member.client);
  await member.client.trpc.avatars.add.mutate({ mediaId: media.avatar });
  const files = await Promise.all([upload(srv, member.client, "chat_image", png()), upload(srv, member.client, "chat_image", png())]);
  const [groupImage, draftImage] = files;
  await sendOk(member.sock, chatId, "", [groupImage!.id]);
  // The admin is the member's friend (the matrix's "friend" too), and the member shows their
  // friends list to friends only.
  await admin.client.trpc.friends.request.mutate({ userId: m.id });
  await member.client.trpc.friends.accept.mutate({ userId: a.id });
  await member.client.trpc.privacy.update.mutate({ chatFrom: "everyone", friendsListVisibleTo: "friends" });
  const everyone = await albumWithPhoto(srv, member.client, "everyone");
  const onlyMe = await albumWithPhoto(srv, member.client, "only_me");
  const friendsOnly = await albumWithPhoto(srv, member.client, "friends");
  const sessions = await member.client.trpc.auth.sessions.query();
  // Two posts of the member's, each with a comment of the admin's under it.
  const [post, otherPost] = [await postBy(member.client), await postBy(member.client)];
  const [comment, otherComment] = [await commentBy(admin.client, post), await commentBy(admin.client, otherPost)];

  // The stranger's own: a group of theirs (the admin in it), a message, an only-me album, uploads.
  const own = await stranger.client.trpc.chats.createGroup.mutate({ name: "Чужа", memberIds: [a.id] });
  const ownMessage = await sendOk(stranger.sock, own.id, "the stranger's own words");
  const ownAlbum = await albumWithPhoto(srv, stranger.client, "only_me");
  const ownMedia = await uploads(srv, stranger.client);
  const ownPost = await postBy(stranger.client);
  const ownComment = await commentBy(stranger.client, ownPost);

  const missingMedia = Object.fromEntries(MEDIA_PURPOSES.map((p) => [p, hexId()])) as Record<MediaPurpose, string>;
  const target: Target = {
    chatId,
    messageId: memberMessage.id,
    memberId: m.id,
    personId: bystander.user!.id,
    albumId: everyone.albumId,
    photoId: everyone.photoId,
    media,
    sessionId: sessions.find((s) => s.current)!.id,
    postId: post,
    commentId: comment,
    username: m.username,
    email: m.email,
    secret: "000000",
  };
  return {
    srv,
    actors,
    bystander: { id: bystander.user!.id, email: bystander.user!.email, client: bystander.client },
    personalChatId: personal.id,
    target,
    // The member is no member of the stranger's group: a "someone else" to remove or promote there.
    // Someone else's post and comment: the member's other post, and the admin's comment under it.
    foreign: { ...target, albumId: onlyMe.albumId, photoId: onlyMe.photoId, postId: otherPost, commentId: otherComment },
    strangersOwn: {
      chatId: own.id,
      messageId: ownMessage.id,
      memberId: a.id,
      personId: bystander.user!.id,
      albumId: ownAlbum.albumId,
      photoId: ownAlbum.photoId,
      media: ownMedia,
      sessionId: hexId(64),
      postId: ownPost,
      commentId: ownComment,
      username: stranger.user!.username,
      email: stranger.user!.email,
      secret: "",
    },
    missing: {
      chatId: hexId(),
      messageId: 2_000_000_000,
      memberId: hexId(),
      personId: hexId(),
      albumId: hexId(),
      photoId: hexId(),
      media: missingMedia,
      sessionId: hexId(64),
      postId: 2_000_000_000,
      commentId: 2_000_000_000,
      username: "nobody_by_this_name",
      email: "nobody@example.test",
      secret: "",
    },
    files: {
      groupImage: groupImage!.urls.full!,
      draftImage: draftImage!.urls.full!,
      onlyMePhoto: onlyMe.url,
      friendsPhoto: friendsOnly.url,
      everyonePhoto: everyone.url,
      avatar: `/media/${media.avatar}/s96.webp`,
      signature: `/media/${media.signature}/full.webp`,
      postImage: `/media/${media.post_image}/full.webp`,
    },
  };
}
