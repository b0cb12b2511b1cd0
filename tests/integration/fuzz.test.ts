/**
 * Seeded fuzzing of every door into the server: every tRPC procedure of the real router, the
 * upload route and every websocket client frame type, as a guest and as a signed-in person. No
 * answer may be a 5xx, leave the documented error shape, leak a stack or take longer than 20 s;
 * the server must stay healthy, and inputs the schemas refuse must change no row.
 * A failure prints its seed: `FUZZ_SEED=<seed> bun test tests/integration/fuzz.test.ts` replays
 * it; FUZZ_CASES=<n> sends n random inputs per procedure and frame type instead of the default.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { WS_LIMITS } from "../../shared/events.ts";
import { MEDIA_PURPOSES } from "../../shared/media.ts";
import { makeGif, makeJpeg, makePng, makeWebp } from "../fixtures/images.ts";
import { testBackends } from "../helpers/backends.ts";
import {
  changedTables,
  checkAnswer,
  dbSnapshot,
  describeRequest,
  fuzzFailure,
  inParallel,
  REQUEST_TIMEOUT_MS,
  sendRequest,
  Tally,
  type FuzzRequest,
} from "../helpers/fuzz-http.ts";
import { allClientFrames, allProcedures, inputFor, refusedByParser, valueFor, type ProcedureInfo } from "../helpers/fuzz-inputs.ts";
import { anyValue, deepArray, deepObject, fuzzCases, fuzzSeed, jsonText, Rng } from "../helpers/fuzz-random.ts";
import { buildWorld, type FuzzWorld } from "../helpers/fuzz-world.ts";
import { WsFuzzer, type WsFrame } from "../helpers/fuzz-ws.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

const PROCEDURES = allProcedures();
const FRAMES = allClientFrames();
/** Random inputs per procedure (and per frame type) for each caller. */
const CASES = fuzzCases(8);
/** Requests in flight at once. */
const WIDTH = 4;
/** Generous for a busy machine, and growing with FUZZ_CASES. */
const TEST_TIMEOUT_MS = Math.max(180_000, CASES * 8_000);
console.info(`[fuzz] FUZZ_SEED=${fuzzSeed} FUZZ_CASES=${CASES}: ${PROCEDURES.length} procedures, ${FRAMES.length} frame types`);

type As = "guest" | "person";
interface Case {
  req: FuzzRequest;
  as: As;
}

const naturalMethod = (p: ProcedureInfo) => (p.type === "query" ? "GET" : "POST");

function trpcRequest(path: string, method: string, text: string | undefined): FuzzRequest {
  if (method === "GET") return { method, path: `/trpc/${path}${text === undefined ? "" : `?input=${encodeURIComponent(text)}`}` };
  return { method, path: `/trpc/${path}`, body: text ?? "", contentType: "application/json" };
}

/** `perProcedure` random inputs for every procedure, round-robin; sometimes over the wrong method. */
function procedureCases(rng: Rng, world: FuzzWorld, as: As, perProcedure: number): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < perProcedure; i++) {
    for (const proc of PROCEDURES) {
      const input = inputFor(proc, rng, world.pool);
      const text = input === undefined ? undefined : jsonText(input);
      const natural = naturalMethod(proc);
      const method = rng.chance(0.1) ? (natural === "GET" ? "POST" : "GET") : natural;
      out.push({ req: trpcRequest(proc.path, method, text), as });
    }
  }
  return out;
}

async function expectHealthy(srv: TestServer) {
  const res = await fetch(`${srv.url}/healthz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch((e: Error) => e);
  if (res instanceof Error || res.status !== 200) {
    throw fuzzFailure("the health check failed", res instanceof Error ? String(res) : `${res.status} ${await res.text()}`);
  }
}

/** Sends every case (WIDTH at a time), checks every answer, and the health check every 50 cases. */
async function fire(srv: TestServer, world: FuzzWorld, cases: Case[], tally: Tally, opts: { refused?: boolean } = {}) {
  await inParallel(cases, WIDTH, async ({ req, as }, i) => {
    const answer = await sendRequest(srv.url, req, as === "guest" ? world.guest : world.person, srv.url);
    if (as === "person") await world.person.afterAnswer(answer);
    tally.add(answer);
    checkAnswer(req, answer);
    if (opts.refused && answer.status < 400) {
      throw fuzzFailure("an input the schema refuses was accepted", `${describeRequest(req)}\n  → ${answer.status} ${answer.text.slice(0, 300)}`);
    }
    if (i % 50 === 49) await expectHealthy(srv);
  });
}

/** Bodies, methods, content types, paths and batches no client of ours would send. */
function oddRequests(rng: Rng, world: FuzzWorld): FuzzRequest[] {
  const mutations = PROCEDURES.filter((p) => p.type === "mutation");
  const queries = PROCEDURES.filter((p) => p.type === "query");
  const anyPath = () => rng.pick(PROCEDURES).path;
  const input = (p: ProcedureInfo) => jsonText(inputFor(p, rng, world.pool) ?? null);
  const reqs: FuzzRequest[] = [];
  const bodies = ["", "{", "[1,", "nul", "\u0000", '{"a":1}garbage', "\ufeff{}", "{}{}", "1e400", '"\\ud800"', '{"__proto__":{"admin":true}}'];
  bodies.push(jsonText(deepArray(10_000)), jsonText(deepObject(10_000)), "[".repeat(100_000), "x".repeat(1024 * 1024 + 1));
  for (const body of bodies) reqs.push({ method: "POST", path: `/trpc/${rng.pick(mutations).path}`, body, contentType: "application/json" });
  const form = '--xyz\r\nContent-Disposition: form-data; name="chatId"\r\n\r\nglobal\r\n--xyz--\r\n';
  for (const contentType of ["text/plain", "multipart/form-data; boundary=xyz", "multipart/form-data", "application/octet-stream", "application/x-www-form-urlencoded", "application/json; charset=utf-16", "image/png"]) {
    const proc = rng.pick(mutations);
    reqs.push({ method: "POST", path: `/trpc/${proc.path}`, body: contentType.startsWith("multipart") ? form : input(proc), contentType });
  }
  for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) reqs.push({ method, path: `/trpc/${anyPath()}`, body: "{}", contentType: "application/json" });
  const q = () => rng.pick(queries).path;
  for (const query of ["?input=%7B", "?input=", "?input=1&input=2", "?input=%ZZ", "?input=undefined", `?input=${"%5B".repeat(10_000)}`, "?input=null&batch=0"]) {
    reqs.push({ method: "GET", path: `/trpc/${q()}${query}` });
  }
  for (const path of ["nope", "", "auth", "auth.me.x", "__proto__", "constructor", "auth.__proto__", "toString", "auth..me", "%00", "auth.me,auth.me", "auth.me/x"]) {
    reqs.push({ method: "GET", path: `/trpc/${path}` }, { method: "POST", path: `/trpc/${path}`, body: "{}", contentType: "application/json" });
  }
  // Batches: many calls in one request, with random inputs, over GET and POST.
  for (const [method, size] of [["GET", 60], ["POST", 250], ["POST", 1], ["GET", 5]] as const) {
    const procs = Array.from({ length: size }, () => rng.pick(method === "GET" ? queries : mutations));
    const inputs = jsonText(Object.fromEntries(procs.map((p, i) => [String(i), rng.chance(0.8) ? inputFor(p, rng, world.pool) : anyValue(rng)])));
    const path = `/trpc/${procs.map((p) => p.path).join(",")}?batch=1`;
    reqs.push(method === "GET" ? { method, path: `${path}&input=${encodeURIComponent(inputs)}`, batch: size } : { method, path, body: inputs, contentType: "application/json", batch: size });
  }
  for (const inputs of ["[]", "null", "42", '{"0":1e400}', "{", '{"0":{"0":{"0":{}}}}']) {
    reqs.push({ method: "POST", path: `/trpc/${rng.pick(mutations).path},${rng.pick(mutations).path}?batch=1`, body: inputs, contentType: "application/json", batch: 2 });
  }
  reqs.push({ method: "GET", path: "/trpc/,,?batch=1&input={}", batch: 3 }, { method: "GET", path: `/trpc/${q()}?batch=1`, batch: 1 });
  return reqs;
}

/** Upload bodies: random bytes, truncated or padded images, sometimes a whole one. */
async function uploadBodies(rng: Rng): Promise<() => Uint8Array> {
  const images = [makePng(40, 30), await makeJpeg(40, 30), await makeWebp(40, 30), makeGif(20, 20)];
  return () => {
    const image = rng.pick(images);
    switch (rng.int(0, 5)) {
      case 0:
        return rng.bytes(rng.int(0, 4096));
      case 1:
      case 2:
        return image.subarray(0, rng.int(0, image.byteLength - 1));
      case 3: {
        const out = image.slice();
        for (let i = 0; i < 8; i++) out[rng.int(0, out.byteLength - 1)] = rng.int(0, 255);
        return out;
      }
      case 4:
        return new Uint8Array([...image.subarray(0, 16), ...rng.bytes(rng.int(0, 2048))]);
      default:
        return image;
    }
  };
}

const ODD_PURPOSES = ["", "AVATAR", "avatar ", "album_photo\u0000", "../avatar", "__proto__", "x".repeat(5000), "avatar&purpose=signature", "\u202eavatar"];

/** Frames no client of ours would send, plus `perType` random ones of every frame type. */
function wsFrames(rng: Rng, world: FuzzWorld, perType: number): WsFrame[] {
  const frames: WsFrame[] = [];
  for (let i = 0; i < perType; i++) for (const f of FRAMES) frames.push(jsonText(valueFor(f.schema, rng, world.pool)));
  frames.push("{nope", "", "null", "[]", "42", '"ping"', '{"type":null}', '{"type":"launch"}', '{"type":["ping"]}', '{"type":"ping","at":1e400}');
  frames.push(jsonText(deepArray(10_000)), jsonText(deepObject(10_000)), `{"type":"chat.open","chatId":${jsonText(deepArray(5_000))}}`);
  frames.push(rng.bytes(rng.int(1, 512)), new TextEncoder().encode('{"type":"ping","at":1}'), new Uint8Array([0xff, 0xfe, 0x00]));
  frames.push("x".repeat(WS_LIMITS.maxParsedFrameBytes + 1), `{"type":"chat.send","chatId":"global","clientId":"c1234567","body":"${"b".repeat(40_000)}"}`);
  frames.push("x".repeat(WS_LIMITS.maxFrameBytes + 1), jsonText({ type: "chat.send", chatId: "global", clientId: "c7654321", body: "b".repeat(1024 * 1024) }));
  for (let i = frames.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [frames[i], frames[j]] = [frames[j]!, frames[i]!];
  }
  return frames;
}

for (const backend of testBackends()) {
  describe(`fuzzing every procedure, the upload and every websocket frame (${backend.name})`, () => {
    let srv: TestServer;
    let world: FuzzWorld;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
      world = await buildWorld(srv);
    });
    afterAll(() => srv.stop());

    test(
      "inputs the procedures' schemas refuse are refused and change no row in any table",
      async () => {
        const rng = Rng.derive(fuzzSeed, "refused");
        const cases: Case[] = [];
        for (let i = 0; i < CASES; i++) {
          for (const proc of PROCEDURES) {
            for (const as of ["guest", "person"] as const) {
              const input = inputFor(proc, rng, world.pool);
              const text = input === undefined ? undefined : jsonText(input);
              if (refusedByParser(proc, text)) cases.push({ req: trpcRequest(proc.path, naturalMethod(proc), text), as });
            }
          }
        }
        for (const proc of PROCEDURES.filter((p) => p.parser && p.type === "mutation")) {
          cases.push({ req: { method: "POST", path: `/trpc/${proc.path}`, body: rng.pick(["{", "[1,", "\u0000", "{}{}"]), contentType: "application/json" }, as: "person" });
        }
        expect(cases.length).toBeGreaterThan(PROCEDURES.length);
        const tally = new Tally();
        for (let at = 0; at < cases.length; at += 40) {
          const chunk = cases.slice(at, at + 40);
          const before = await dbSnapshot(srv.deps.db.db);
          await fire(srv, world, chunk, tally, { refused: true });
          const changed = changedTables(before, await dbSnapshot(srv.deps.db.db));
          if (changed.length) {
            throw fuzzFailure(`refused requests changed ${changed.join(", ")}`, chunk.map((c) => `${c.as}: ${describeRequest(c.req)}`).join("\n  "));
          }
        }
        console.info(`[fuzz] ${backend.name} refused inputs: ${tally}`);
      },
      TEST_TIMEOUT_MS,
    );

    test(
      "a guest's random and boundary inputs to every procedure get typed errors or answers, never a 5xx, a stack or a hang",
      async () => {
        const tally = new Tally();
        await fire(srv, world, procedureCases(Rng.derive(fuzzSeed, "guest"), world, "guest", CASES), tally);
        console.info(`[fuzz] ${backend.name} guest: ${tally}`);
        await expectHealthy(srv);
      },
      TEST_TIMEOUT_MS,
    );

    test(
      "a signed-in person's random and boundary inputs to every procedure get typed errors or answers, never a 5xx, a stack or a hang",
      async () => {
        const tally = new Tally();
        await fire(srv, world, procedureCases(Rng.derive(fuzzSeed, "person"), world, "person", CASES), tally);
        console.info(`[fuzz] ${backend.name} person: ${tally}`);
        await expectHealthy(srv);
      },
      TEST_TIMEOUT_MS,
    );

    test(
      "malformed bodies, odd methods and content types, unknown paths and big batches get typed errors",
      async () => {
        const rng = Rng.derive(fuzzSeed, "odd");
        const cases = oddRequests(rng, world).map((req) => ({ req, as: rng.pick(["guest", "person"] as const) }));
        const tally = new Tally();
        await fire(srv, world, cases, tally);
        console.info(`[fuzz] ${backend.name} odd requests: ${tally}`);
        await expectHealthy(srv);
      },
      TEST_TIMEOUT_MS,
    );

    test(
      "random bytes, truncated images and wrong purposes sent to the upload get typed errors, and a refused upload stores nothing",
      async () => {
        const rng = Rng.derive(fuzzSeed, "upload");
        const body = await uploadBodies(rng);
        const tally = new Tally();
        for (let i = 0; i < CASES * 6; i++) {
          const purpose = rng.chance(0.6) ? rng.pick(MEDIA_PURPOSES) : rng.chance(0.85) ? rng.pick(ODD_PURPOSES) : null;
          const req: FuzzRequest = {
            method: "POST",
            path: `/api/media${purpose === null ? "" : `?purpose=${encodeURIComponent(purpose).replace("%26purpose%3D", "&purpose=")}`}`,
            body: body(),
            contentType: rng.pick(["image/png", "image/jpeg", "application/octet-stream", "application/json", "multipart/form-data"]),
            upload: true,
          };
          const as = rng.chance(0.2) ? "guest" : "person";
          const before = await dbSnapshot(srv.deps.db.db);
          const answer = await sendRequest(srv.url, req, as === "guest" ? world.guest : world.person, srv.url);
          tally.add(answer);
          checkAnswer(req, answer);
          if (answer.status >= 400) {
            const changed = changedTables(before, await dbSnapshot(srv.deps.db.db));
            if (changed.length) throw fuzzFailure(`a refused upload changed ${changed.join(", ")}`, describeRequest(req));
          }
        }
        console.info(`[fuzz] ${backend.name} uploads: ${tally}`);
        await expectHealthy(srv);
      },
      TEST_TIMEOUT_MS,
    );

    test(
      "random frames of every websocket type get an error frame or their answer, and the socket keeps answering pings",
      async () => {
        const rng = Rng.derive(fuzzSeed, "ws");
        const perCaller = { guest: wsFrames(rng, world, CASES * 2), person: wsFrames(rng, world, CASES * 2) };
        const lanes = (["guest", "person"] as const).flatMap((as) => {
          const frames = perCaller[as];
          const half = Math.ceil(frames.length / 2);
          return [frames.slice(0, half), frames.slice(half)].map((part, n) => ({ part, fuzzer: new WsFuzzer(srv, as === "guest" ? world.guest.cookie : world.person.cookie, `${as} #${n + 1}`) }));
        });
        await Promise.all(
          lanes.map(async ({ part, fuzzer }) => {
            await fuzzer.open();
            for (const frame of part) await fuzzer.run(frame);
            fuzzer.close();
          }),
        );
        console.info(`[fuzz] ${backend.name} websocket frames: ${lanes.map(({ fuzzer }) => JSON.stringify(fuzzer.counts)).join(", ")}`);
        await expectHealthy(srv);
      },
      TEST_TIMEOUT_MS,
    );
  });
}
