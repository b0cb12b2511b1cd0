/**
 * The fuzz suite's little world: two people, a group chat with messages, an uploaded photo in an
 * album, a post with a comment, a friend request between the two, notifications in the signed-in
 * person's bell, and the real ids of all of it
 * (the pool random inputs draw from, so some of them get past validation into the services). And the two callers the suite sends as: a guest and a signed-in
 * person whose session survives the fuzz signing it out.
 */
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { connect, newClientId, sendOk } from "./chat.ts";
import { createClient, defaultPassword, registerAndVerify, uniqueIp, type TestClient } from "./client.ts";
import type { Answer, Caller } from "./fuzz-http.ts";
import type { Pool } from "./fuzz-inputs.ts";
import type { TestServer } from "./test-server.ts";

export interface FuzzWorld {
  pool: Pool;
  guest: Caller;
  person: Caller & {
    client: TestClient;
    email: string;
    userId: string;
    /** Call after each answer to a person's request: signs in again if that request ended the session it used. */
    afterAnswer(answer: Answer): Promise<void>;
  };
}

const ipsFor = (n: number) => Array.from({ length: n }, () => uniqueIp());

export async function buildWorld(srv: TestServer): Promise<FuzzWorld> {
  const aliceClient = createClient(srv);
  const alice = await registerAndVerify(srv, aliceClient);
  const bobClient = createClient(srv);
  const bob = await registerAndVerify(srv, bobClient);

  const group = await aliceClient.trpc.chats.createGroup.mutate({ name: "Fuzz group", memberIds: [bob.user.id] });
  const sock = await connect(srv, aliceClient);
  const messages = [
    await sendOk(sock, group.id, "hello"),
    await sendOk(sock, group.id, "second"),
    await sendOk(sock, GLOBAL_CHAT_ID, "hi everyone"),
  ];
  sock.ws.close();
  await aliceClient.trpc.chats.react.mutate({ chatId: group.id, messageId: messages[0]!.id, emoji: "👍", on: true });

  const photo = await upload(srv, aliceClient, "album_photo", makePng(32, 24));
  const album = await aliceClient.trpc.albums.create.mutate({ title: "Fuzz album", theme: "", year: 2020, visibility: "everyone" });
  const [albumPhoto] = await aliceClient.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [photo.id] });
  const sessions = await aliceClient.trpc.auth.sessions.query();
  // Something to report, and a request the fuzz may accept, decline or cancel (friends.*, reports.create).
  const post = await bobClient.trpc.posts.create.mutate({ title: "Fuzz post", body: "text", tags: ["fuzz"] });
  const comment = await bobClient.trpc.comments.create.mutate({ postId: post.id, body: "fuzz comment" });
  await bobClient.trpc.friends.request.mutate({ userId: alice.user.id });
  // Something in the signed-in person's bell (notifications.*): bob likes and comments on her post and mentions her.
  const alicePost = await aliceClient.trpc.posts.create.mutate({ title: "Alice's post", body: "text" });
  await bobClient.trpc.posts.like.mutate({ postId: alicePost.id, on: true });
  await bobClient.trpc.comments.create.mutate({ postId: alicePost.id, body: "nice" });
  await bobClient.trpc.comments.create.mutate({ postId: post.id, body: `hi @${alice.username}` });

  // The password is left out on purpose: with it, a random settings.changePassword could lock the person out.
  const pool: Pool = {
    strings: [
      alice.user.id,
      bob.user.id,
      group.id,
      GLOBAL_CHAT_ID,
      photo.id,
      album.id,
      albumPhoto!.id,
      alice.username,
      bob.username,
      alice.email,
      bob.email,
      "123456",
      newClientId(),
      "👍",
      "fuzz",
      "Олена",
      ...sessions.map((s) => s.id),
    ],
    numbers: [...messages.map((m) => m.id), post.id, comment.id, alicePost.id],
  };

  let signingIn: Promise<void> | null = null;
  const signInAgain = async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const res = await fetch(`${srv.url}/trpc/auth.signIn`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: srv.url, "x-forwarded-for": uniqueIp() },
        body: JSON.stringify({ email: alice.email, password: defaultPassword }),
      });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("wit_session=") && !c.startsWith("wit_session=;"));
      if (cookie) {
        aliceClient.jar.set("wit_session", cookie.split(";")[0]!.slice("wit_session=".length));
        return;
      }
      // The fuzz may have spent the address's sign-in tries (auth.signIn with random passwords): move past the window.
      if (res.status === 429) srv.clock.advance((Number(res.headers.get("retry-after")) + 1) * 1000);
      else throw new Error(`signing the fuzz person in again failed: ${res.status} ${await res.text()}`);
    }
    throw new Error("signing the fuzz person in again kept being rate limited");
  };

  return {
    pool,
    guest: { cookie: () => "", ips: ipsFor(24) },
    person: {
      client: aliceClient,
      email: alice.email,
      userId: alice.user.id,
      cookie: () => aliceClient.cookieHeader(),
      ips: ipsFor(24),
      async afterAnswer(answer) {
        const ended = answer.setCookie.some((c) => c.startsWith("wit_session=;"));
        // An answer to a request sent with an older session (signed out meanwhile) changes nothing.
        if (ended && answer.cookie === aliceClient.cookieHeader() && !signingIn) {
          aliceClient.jar.delete("wit_session");
          signingIn = signInAgain().finally(() => (signingIn = null));
        }
        if (signingIn) await signingIn;
      },
    },
  };
}
