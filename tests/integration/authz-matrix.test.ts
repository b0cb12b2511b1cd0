/**
 * The authorisation matrix: every tRPC procedure and every websocket client frame type, called
 * over real HTTP / a real websocket as each role (authz/matrix.ts: guest, stranger, member or
 * owner, removed member, group admin, the site's moderator and admin), answers exactly what its row says; ids of someone else's
 * resources answer a stranger exactly like ids that exist nowhere (but for public posts and comments,
 * where someone else's is FORBIDDEN to change and a missing one NOT_FOUND); private media are 404 alike.
 * The rows live in authz/procedures.ts and authz/frames.ts, the people and resources in authz/cast.ts.
 * A new procedure or frame type fails the first test until it has a row. A new role (friend,
 * blocked person, moderator) is one more entry in ROLES (authz/matrix.ts) and its actor in cast.ts:
 * the typechecker then lists every row that must say what that role gets.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { warmRouters } from "../../server/trpc/router.ts";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { clientEvent } from "../../shared/events.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, send } from "../helpers/chat.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { createCast, type Cast } from "./authz/cast.ts";
import { frameIdor, frameRows, openChat, runFrame, sendOk } from "./authz/frames.ts";
import { NA, OK, outcomeOf, ROLES, SIGN_IN, type IdKey, type IdorAnswer, type Role, type Target } from "./authz/matrix.ts";
import { procedureRows, type ProcedureRow } from "./authz/procedures.ts";

// The feature routers load lazily (ADR 0029): all of them, so every procedure is listed.
const appRouter = await warmRouters();

const procedurePaths = Object.keys(appRouter._def.procedures);
const frameTypes = clientEvent.options.map((o) => o.shape.type.value);

function unmatched(kind: string, existing: string[], rows: string[]): string[] {
  return [
    ...existing.filter((x) => !rows.includes(x)).map((x) => `add a row for ${x} to the authorisation matrix (a ${kind} without one)`),
    ...rows.filter((x) => !existing.includes(x)).map((x) => `remove the row for ${x} from the authorisation matrix (no such ${kind})`),
  ];
}

test("every tRPC procedure and websocket frame type has a row in the authorisation matrix, and every row still exists", () => {
  expect(procedurePaths.length).toBeGreaterThan(40);
  expect(frameTypes).toContain("chat.open");
  const problems = [
    ...unmatched("tRPC procedure", procedurePaths, Object.keys(procedureRows)),
    ...unmatched("websocket frame type", frameTypes, Object.keys(frameRows)),
  ];
  expect(problems).toEqual([]);
});

/** What the row's expectation says, without the roles it leaves out. */
const expected = (row: { expect: Record<Role, string> }) => Object.fromEntries(ROLES.filter((r) => row.expect[r] !== NA).map((r) => [r, row.expect[r]]));

/** One call of the row as `role` (on a fresh target when the row needs one); "ok, but …" when an allowed answer leaks. */
async function callAs(cast: Cast, row: ProcedureRow, role: Role): Promise<string> {
  const fresh = row.fresh ? await row.fresh(cast, role) : {};
  const client = fresh.as ?? cast.actors[role].client;
  let result: unknown;
  const outcome = await outcomeOf(row.call(client.trpc, { ...cast.target, ...fresh.t }).then((r) => (result = r)));
  const leak = outcome === OK && row.leaks?.(result, role, cast);
  return leak ? `ok, but ${leak}` : outcome;
}

/** Someone else's ids for a key: the chats the stranger is not in are two (the group and a personal chat). */
function foreignIds(cast: Cast, key: IdKey): Array<[string, Target[IdKey]]> {
  if (key === "chatId") return [["the group's chatId", cast.foreign.chatId], ["a personal chat's chatId", cast.personalChatId]];
  return [[key, cast.foreign[key]]];
}

for (const backend of testBackends()) {
  describe(`the authorisation matrix (${backend.name})`, () => {
    let srv: TestServer;
    let cast: Cast;
    beforeAll(
      async () => {
        srv = await startTestServer({ backend });
        cast = await createCast(srv);
      },
      { timeout: 60_000 },
    );
    afterAll(() => srv.stop());

    for (const [path, row] of Object.entries(procedureRows)) {
      test(`${path} answers each role exactly as the matrix says`, async () => {
        const got: Record<string, string> = {};
        for (const role of ROLES) if (row.expect[role] !== NA) got[role] = await callAs(cast, row, role);
        expect(got).toEqual(expected(row));
      });
    }

    for (const [type, row] of Object.entries(frameRows)) {
      test(`a ${type} frame answers each role's socket exactly as the matrix says, and the socket then gets just what it may`, async () => {
        const got: Record<string, string> = {};
        for (const role of ROLES) if (row.expect[role] !== NA) got[role] = await runFrame(cast, row, role);
        expect(got).toEqual(expected(row));
      });
    }

    for (const [path, row] of Object.entries(procedureRows)) {
      const idor = row.idor;
      if (!idor) continue;
      const alike = Object.values(idor).every((a) => typeof a === "string");
      const name = alike
        ? `${path} answers someone else's ids exactly like ids that exist nowhere`
        : `${path} answers someone else's public ids and ids that exist nowhere each exactly as the matrix says`;
      test(name, async () => {
        // A guest too, where guests get past signing in.
        const roles: Role[] = row.expect.guest === SIGN_IN ? ["stranger"] : ["stranger", "guest"];
        const problems: string[] = [];
        for (const role of roles) {
          const api = cast.actors[role].client.trpc;
          for (const [key, answer] of Object.entries(idor) as Array<[IdKey, IdorAnswer]>) {
            const want = typeof answer === "string" ? { theirs: answer, missing: answer } : answer;
            for (const [label, foreign] of foreignIds(cast, key)) {
              const theirs = await outcomeOf(row.call(api, { ...cast.strangersOwn, [key]: foreign }));
              const missing = await outcomeOf(row.call(api, { ...cast.strangersOwn, [key]: cast.missing[key] }));
              if (theirs !== want.theirs || missing !== want.missing) {
                problems.push(`${role}, ${label}: someone else's → ${theirs}, missing → ${missing}; expected ${want.theirs}, ${want.missing}`);
              }
            }
          }
        }
        expect(problems).toEqual([]);
      });
    }

    test("chat.open and chat.send answer a stranger and a guest alike for someone else's chat or image and for one that does not exist", async () => {
      expect(await frameIdor(cast)).toEqual([]);
    });

    test("the public chat is read and opened by everyone, guests too, and written and reacted to only by people signed in", async () => {
      const said = await sendOk(cast.actors.member.sock, GLOBAL_CHAT_ID, "hello, everyone");
      const wsAnswer = (e: { type: string; code?: string; reason?: string }) => (e.type === "error" ? `${e.code} ${e.reason}` : OK);
      const got: Record<string, Record<string, string>> = {};
      for (const role of ROLES) {
        const { client } = cast.actors[role];
        const sock = await connect(srv, role === "guest" ? undefined : client);
        got[role] = {
          history: await outcomeOf(client.trpc.chats.history.query({ chatId: GLOBAL_CHAT_ID })),
          changes: await outcomeOf(client.trpc.chats.changes.query({ chatId: GLOBAL_CHAT_ID, since: 0 })),
          react: await outcomeOf(client.trpc.chats.react.mutate({ chatId: GLOBAL_CHAT_ID, messageId: said.id, emoji: "🔥", on: true })),
          "chat.open": wsAnswer(await openChat(sock, GLOBAL_CHAT_ID)),
          "chat.send": wsAnswer(await send(sock, GLOBAL_CHAT_ID, `as ${role}`, { timeoutMs: 10_000 })),
        };
        sock.ws.close();
      }
      const reader = { history: OK, changes: OK, react: OK, "chat.open": OK, "chat.send": OK };
      const guest = { ...reader, react: SIGN_IN, "chat.send": "UNAUTHORIZED chats.signInToWrite" };
      expect(got).toEqual(Object.fromEntries(ROLES.map((r) => [r, r === "guest" ? guest : reader])));
    });

    test("private media are 404 to whoever may not see them, exactly like media that do not exist", async () => {
      const only = (who: Role[]) => Object.fromEntries(ROLES.map((r) => [r, who.includes(r) ? 200 : 404])) as Record<Role, 200 | 404>;
      const everybody = only([...ROLES]);
      const cases: Array<[string, string, Record<Role, 200 | 404>]> = [
        ["a chat image sent in the group", cast.files.groupImage, only(["member", "admin"])],
        ["a chat image not sent yet", cast.files.draftImage, only(["member"])],
        ["a photo in an only-me album", cast.files.onlyMePhoto, only(["member"])],
        // The admin is the member's friend.
        ["a photo in a friends album", cast.files.friendsPhoto, only(["member", "admin"])],
        ["a photo in an album for everyone", cast.files.everyonePhoto, everybody],
        ["an avatar", cast.files.avatar, everybody],
        ["a signature", cast.files.signature, everybody],
        ["a post image", cast.files.postImage, everybody],
      ];
      const look = async (role: Role, path: string) => {
        const url = `${srv.url}${path}`;
        const res = role === "guest" ? await fetch(url) : await cast.actors[role].client.fetch(url);
        const body = res.status === 200 ? `${(await res.arrayBuffer()).byteLength > 0}` : await res.text();
        return `${res.status} ${res.headers.get("content-type")} ${body}`;
      };
      const got: string[] = [];
      const want: string[] = [];
      for (const role of ROLES) {
        const nothing = await look(role, `/media/${cast.missing.media.chat_image}/full.webp`);
        expect(nothing).toStartWith("404 ");
        for (const [what, path, status] of cases) {
          got.push(`${what}, as ${role}: ${await look(role, path)}`);
          want.push(`${what}, as ${role}: ${status[role] === 200 ? "200 image/webp true" : nothing}`);
        }
      }
      expect(got).toEqual(want);
    });
  });
}
