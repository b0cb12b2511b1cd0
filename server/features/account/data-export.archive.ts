/**
 * Writes one person's archive: a ZIP streamed to a file with fflate (JSON deflated, images stored
 * as they are), one entry at a time, so memory holds one page of rows or one image, never the
 * whole archive. What goes in is only the person's own: their profile and settings, posts,
 * comments, albums with photos, relations, and the chat messages THEY wrote (never anyone else's).
 *
 * Images: the app keeps no raw upload (every image is re-encoded to WebP on upload, which strips
 * EXIF/GPS: media.images.ts); the archive holds the largest stored variant of each, byte for byte.
 */
import { open } from "node:fs/promises";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { toMs } from "../../db/schema.ts";
import type { MediaService } from "../media/media.service.ts";
import * as repo from "./data-export.repository.ts";

const PAGE = 500;

/** Called after each unit of work (a file or an image); throws to abort the build. */
export type Tick = (done: number, total: number) => Promise<void>;

export interface ArchiveDeps {
  db: Kysely<Database>;
  media: MediaService;
}

interface StoredVariant {
  name: string;
  width: number;
  height: number;
}

/** Streams fflate's output to a file handle, with backpressure: `flush()` after each push. */
async function zipFile(path: string) {
  // fflate is loaded with the first export, not at start-up (issue 12: start time).
  const { Zip, ZipDeflate, ZipPassThrough, strToU8 } = await import("fflate");
  const handle = await open(path, "w");
  let pending: Uint8Array[] = [];
  let failure: Error | null = null;
  let bytes = 0;
  const zip = new Zip((error, chunk, _final) => {
    if (error) failure = error;
    else pending.push(chunk);
  });
  async function flush() {
    if (failure) throw failure;
    const chunks = pending;
    pending = [];
    for (const chunk of chunks) {
      let at = 0;
      while (at < chunk.length) at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten;
      bytes += chunk.length;
    }
  }
  return {
    async json(name: string, value: unknown) {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      entry.push(strToU8(JSON.stringify(value, null, 2)), true);
      await flush();
    },
    /** A JSON array written page by page (a long list never sits whole in memory). */
    async jsonArray(name: string, pages: AsyncIterable<unknown[]>) {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      let first = true;
      entry.push(strToU8("["));
      for await (const items of pages) {
        for (const item of items) {
          entry.push(strToU8(`${first ? "\n" : ",\n"}${JSON.stringify(item, null, 2)}`));
          first = false;
        }
        await flush();
      }
      entry.push(strToU8(first ? "]\n" : "\n]\n"), true);
      await flush();
    },
    async text(name: string, value: string) {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      entry.push(strToU8(value), true);
      await flush();
    },
    async stored(name: string, data: Uint8Array) {
      const entry = new ZipPassThrough(name);
      zip.add(entry);
      entry.push(data, true);
      await flush();
    },
    async end(): Promise<number> {
      zip.end();
      await flush();
      await handle.close();
      return bytes;
    },
    async abandon() {
      await handle.close().catch(() => {});
    },
  };
}

/** Builds the archive of `userId` at `path`; returns its size in bytes. */
export async function writeArchive(deps: ArchiveDeps, userId: string, path: string, tick: Tick, now: number): Promise<number> {
  const { db, media } = deps;
  const counted = await repo.counts(db, userId);
  // profile, posts, comments, albums (index), friends, messages, README + one per image.
  const total = 7 + counted.images;
  let done = 0;
  const step = async () => tick(++done, total);
  /** Between pages of a long list: keeps the lease (and a stop) answered without counting a unit. */
  const alive = async () => tick(done, total);

  /** The largest stored variant of an image of the person's: its bytes, or null when it is gone. */
  const mediaInfo = new Map<string, { variant: string }>();
  async function remember(ids: readonly string[]) {
    const missing = ids.filter((id) => !mediaInfo.has(id));
    for (const row of await repo.mediaRows(db, missing)) {
      const variants = JSON.parse(row.variants) as StoredVariant[];
      const largest = variants.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a), variants[0]!);
      if (largest) mediaInfo.set(row.id, { variant: largest.name });
    }
  }
  async function imageBytes(mediaId: string): Promise<Uint8Array | null> {
    const info = mediaInfo.get(mediaId);
    if (!info) return null;
    const opened = await media.open(mediaId, info.variant, async () => userId);
    const file = await opened?.read();
    return file ? new Uint8Array(await new Response(file.body).arrayBuffer()) : null;
  }
  const imagePath = (folder: string, mediaId: string) => `images/${folder}/${mediaId}.webp`;

  /** A keyset-paged list (rows by id, ascending) as `map` turns each page, checking in between pages. */
  async function* paged<R extends { id: string | number | bigint }, T>(
    page: (after: number) => Promise<R[]>,
    map: (rows: R[]) => T[] | Promise<T[]>,
  ): AsyncGenerator<T[]> {
    for (let after = 0; ; ) {
      const rows = await page(after);
      if (!rows.length) return;
      await alive();
      after = Number(rows.at(-1)!.id);
      yield await map(rows);
    }
  }
  /** The images a list collected, into images/<folder>/, a page of them at a time; one unit each. */
  async function storeImages(folder: string, ids: readonly string[]) {
    for (let i = 0; i < ids.length; i += PAGE) {
      const chunk = ids.slice(i, i + PAGE);
      await remember(chunk);
      for (const id of chunk) {
        const bytes = await imageBytes(id);
        if (bytes) await zip.stored(imagePath(folder, id), bytes);
        await step();
      }
    }
  }

  const zip = await zipFile(path);
  try {
    // profile.json
    const user = await repo.userRow(db, userId);
    if (!user) throw new Error("the person is gone");
    const avatars = await repo.avatarsOf(db, userId);
    await remember([...avatars.map((a) => a.media_id), ...(user.signature_media_id ? [user.signature_media_id] : [])]);
    await zip.json("profile.json", {
      exportedAt: new Date(now).toISOString(),
      id: user.id,
      username: user.username,
      email: user.email,
      firstName: user.first_name,
      lastName: user.last_name,
      bio: user.bio,
      birthDate: user.birth_date,
      registeredAt: toMs(user.created_at),
      role: user.role,
      settings: {
        showBirthDate: Number(user.show_birth_date) === 1,
        chatFrom: user.chat_from,
        friendsListVisibleTo: user.friends_list_visible_to,
        twoFactor: user.totp_enabled_at != null,
      },
      avatars: avatars.map((a) => ({ mediaId: a.media_id, current: a.media_id === user.avatar_media_id, addedAt: toMs(a.created_at), file: imagePath("avatars", a.media_id) })),
      signature: user.signature_media_id ? { mediaId: user.signature_media_id, file: imagePath("signature", user.signature_media_id) } : null,
    });
    await step();
    for (const a of avatars) {
      const bytes = await imageBytes(a.media_id);
      if (bytes) await zip.stored(imagePath("avatars", a.media_id), bytes);
      await step();
    }
    if (user.signature_media_id) {
      const bytes = await imageBytes(user.signature_media_id);
      if (bytes) await zip.stored(imagePath("signature", user.signature_media_id), bytes);
    }

    // posts.json, then their images
    const postImages: string[] = [];
    await zip.jsonArray(
      "posts.json",
      paged(
        (after) => repo.postsPage(db, userId, after, PAGE),
        async (posts) => {
          const ids = posts.map((p) => Number(p.id));
          const [tags, images] = await Promise.all([repo.tagsOf(db, ids), repo.postImagesOf(db, ids)]);
          postImages.push(...images.map((i) => i.media_id));
          return posts.map((p) => ({
            id: Number(p.id),
            title: p.title,
            topic: p.topic,
            text: p.body,
            tags: tags.filter((t) => Number(t.post_id) === Number(p.id)).map((t) => t.tag),
            links: JSON.parse(p.links) as string[],
            images: images.filter((i) => Number(i.post_id) === Number(p.id)).map((i) => ({ mediaId: i.media_id, file: imagePath("posts", i.media_id) })),
            likes: Number(p.likes_count),
            views: Number(p.views_count),
            comments: Number(p.comments_count),
            createdAt: toMs(p.created_at),
            editedAt: toMs(p.edited_at),
            hiddenByModerator: p.hidden_at != null ? { at: toMs(p.hidden_at), reason: p.hidden_reason } : null,
          }));
        },
      ),
    );
    await step();
    await storeImages("posts", postImages);

    // comments.json
    await zip.jsonArray(
      "comments.json",
      paged(
        (after) => repo.commentsPage(db, userId, after, PAGE),
        (rows) => rows.map((c) => ({ id: Number(c.id), postId: Number(c.post_id), text: c.body, createdAt: toMs(c.created_at), hiddenByModerator: c.hidden_at != null })),
      ),
    );
    await step();

    // albums/<id>/album.json and the photos
    const albums = await repo.albumsOf(db, userId);
    const albumIndex = [];
    for (const album of albums) {
      const photos = await repo.photosOf(db, album.id);
      await remember(photos.map((p) => p.media_id));
      const file = (p: { id: string }) => `albums/${album.id}/${p.id}.webp`;
      await zip.json(`albums/${album.id}/album.json`, {
        id: album.id,
        title: album.title,
        theme: album.theme,
        year: album.year,
        visibility: album.visibility,
        createdAt: toMs(album.created_at),
        updatedAt: toMs(album.updated_at),
        coverPhotoId: album.cover_photo_id,
        photos: photos.map((p) => ({ id: p.id, caption: p.caption, position: p.position, addedAt: toMs(p.created_at), file: file(p) })),
      });
      albumIndex.push({ id: album.id, title: album.title, photos: photos.length, folder: `albums/${album.id}/` });
      for (const p of photos) {
        const bytes = await imageBytes(p.media_id);
        if (bytes) await zip.stored(file(p), bytes);
        await step();
      }
    }
    await zip.json("albums/index.json", albumIndex);
    await step();

    // friends.json
    const relations = await repo.relationsOf(db, userId);
    const blocks = await repo.blocksBy(db, userId);
    const people = new Map((await repo.peopleByIds(db, relations.map((r) => (r.user_a === userId ? r.user_b : r.user_a)))).map((p) => [p.id, p]));
    const who = (id: string) => {
      const p = people.get(id);
      return p ? { id, username: p.username, firstName: p.first_name, lastName: p.last_name } : { id };
    };
    const other = (r: (typeof relations)[number]) => (r.user_a === userId ? r.user_b : r.user_a);
    await zip.json("friends.json", {
      friends: relations.filter((r) => r.status === "friends").map((r) => ({ ...who(other(r)), since: toMs(r.updated_at) })),
      requestsSent: relations.filter((r) => r.status !== "friends" && r.requested_by === userId).map((r) => ({ ...who(other(r)), status: r.status, at: toMs(r.created_at) })),
      requestsReceived: relations.filter((r) => r.status !== "friends" && r.requested_by !== userId).map((r) => ({ ...who(other(r)), status: r.status, at: toMs(r.created_at) })),
      blocked: blocks.map((b) => ({ id: b.id, username: b.username, firstName: b.first_name, lastName: b.last_name, at: toMs(b.created_at) })),
    });
    await step();

    // messages.json: only what the person wrote, then the images they sent
    const chatImages: string[] = [];
    const partner = new Map<string, string>();
    await zip.jsonArray(
      "messages.json",
      paged(
        (after) => repo.myMessagesPage(db, userId, after, PAGE),
        async (rows) => {
          const personal = [...new Set(rows.filter((r) => r.chat_kind === "personal" && !partner.has(r.chat_id)).map((r) => r.chat_id))];
          for (const m of await repo.otherMembers(db, personal, userId)) partner.set(m.chat_id, m.username);
          const withImages = rows.filter((r) => Number(r.image_count) > 0).map((r) => Number(r.id));
          const images = await repo.messageImagesOf(db, withImages);
          chatImages.push(...images.map((i) => i.media_id));
          return rows.map((m) => ({
            id: Number(m.id),
            chat: { id: m.chat_id, kind: m.chat_kind, name: m.chat_name, ...(m.chat_kind === "personal" && { with: partner.get(m.chat_id) ?? null }) },
            text: m.body,
            images: images.filter((i) => Number(i.message_id) === Number(m.id)).map((i) => ({ mediaId: i.media_id, file: imagePath("chats", i.media_id) })),
            sentAt: toMs(m.created_at),
            editedAt: toMs(m.edited_at),
          }));
        },
      ),
    );
    await step();
    await storeImages("chats", chatImages);

    await zip.text("README.txt", README);
    await step();
    return await zip.end();
  } catch (error) {
    await zip.abandon();
    throw error;
  }
}

const README = `World IT — ваші дані / your data

Українською
  profile.json         ваш профіль: ім'я, нікнейм, пошта, біо, дата народження, налаштування, список аватарів
  posts.json           ваші пости: текст, теги, посилання, зображення, кількість вподобань, час створення і редагування
  comments.json        ваші коментарі (з ідентифікатором поста)
  albums/index.json    ваші альбоми; albums/<id>/album.json — альбом і його фото, albums/<id>/<фото>.webp — самі фото
  friends.json         друзі, надіслані й отримані запити, заблоковані вами люди
  messages.json        лише повідомлення, які написали ви (чат: id, тип, назва; час); чужих повідомлень тут немає
  images/              зображення ваших постів (posts/), аватари (avatars/), підпис (signature/), зображення, які ви надіслали в чатах (chats/)
Зображення — найбільша збережена версія кожного (WebP): під час завантаження сервер перекодовує їх і прибирає метадані (EXIF, GPS).

In English
  profile.json         your profile: name, username, email, bio, birth date, settings, list of avatars
  posts.json           your posts: text, tags, links, images, like count, created and edited times
  comments.json        your comments (with the post's id)
  albums/index.json    your albums; albums/<id>/album.json is an album with its photos, albums/<id>/<photo>.webp the photos
  friends.json         friends, requests you sent and received, people you blocked
  messages.json        only the messages YOU wrote (chat: id, kind, name; time); nobody else's messages are here
  images/              your post images (posts/), avatars (avatars/), signature (signature/), images you sent in chats (chats/)
Images are the largest stored version of each (WebP): on upload the server re-encodes them and strips metadata (EXIF, GPS).
Times are milliseconds since 1970-01-01 UTC.
`;
