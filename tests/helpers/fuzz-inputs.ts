/**
 * What the fuzz suite sends: every tRPC procedure of the real router and every websocket client
 * frame type, each with inputs shaped like its zod schema (through its JSON Schema) but with
 * boundary, wrong-typed, oversized and unknown values mixed in. A new procedure or frame type is
 * fuzzed without touching this file.
 */
import { z } from "zod";
import { warmRouters } from "../../server/trpc/router.ts";
import { clientEvent } from "../../shared/events.ts";
import { NASTY_NUMBERS, NASTY_STRINGS, anyValue, randomString, type Rng } from "./fuzz-random.ts";

// The feature routers load lazily (ADR 0029): all of them, so every procedure is listed.
const appRouter = await warmRouters();

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
}

interface Parser {
  safeParse(input: unknown): { success: boolean };
}

export interface ProcedureInfo {
  path: string;
  type: "query" | "mutation" | "subscription";
  /** The procedure's input parser (null: it takes no input and ignores what it gets). */
  parser: Parser | null;
  schema: JsonSchema | null;
}

function jsonSchemaOf(parser: unknown): JsonSchema | null {
  try {
    return z.toJSONSchema(parser as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;
  } catch {
    return null; // not representable: the generator falls back to values of any shape
  }
}

interface ProcedureDef {
  _def: { type: ProcedureInfo["type"]; inputs: unknown[] };
}

/** Every procedure of appRouter by its dotted path (`_def.procedures` is already flat in tRPC v11). */
export function allProcedures(): ProcedureInfo[] {
  const record = (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures;
  return Object.entries(record)
    .map(([path, proc]) => {
      const parser = (proc._def.inputs[0] as Parser | undefined) ?? null;
      return { path, type: proc._def.type, parser, schema: parser && jsonSchemaOf(parser) };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Every websocket client frame type with the JSON Schema of its frame. */
export function allClientFrames(): Array<{ type: string; schema: JsonSchema }> {
  const union = jsonSchemaOf(clientEvent);
  const variants = union?.oneOf ?? union?.anyOf ?? [];
  const frames = variants.map((schema) => ({ type: String(schema.properties?.type?.const), schema }));
  if (!frames.length || frames.some((f) => f.type === "undefined")) throw new Error("could not read the frame types of clientEvent");
  return frames;
}

/** Real values from the seeded database (ids, usernames, emails…): inputs that get past validation reach the services. */
export interface Pool {
  strings: string[];
  numbers: number[];
}

const fits = (s: JsonSchema, v: string) =>
  (s.minLength === undefined || v.length >= s.minLength) &&
  (s.maxLength === undefined || v.length <= s.maxLength) &&
  (s.pattern === undefined || new RegExp(s.pattern, "u").test(v));

function stringFor(s: JsonSchema, rng: Rng, pool: Pool): unknown {
  const good = pool.strings.filter((v) => fits(s, v));
  const roll = rng.int(0, 9);
  if (roll < 4 && good.length) return rng.pick(good);
  if (roll < 6) return rng.pick(NASTY_STRINGS);
  if (roll === 6 && good.length) {
    const v = rng.pick(good);
    return rng.pick([v + "\u0000", v.toUpperCase(), ` ${v} `, v.slice(1), v + v, `\u202e${v}`, v.replace(/./, "\u200b")]);
  }
  if (roll === 7) {
    const edges = [s.minLength, s.maxLength].filter((n): n is number => n !== undefined);
    const length = edges.length ? Math.max(0, rng.pick(edges) + rng.int(-1, 1)) : rng.int(0, 300);
    return randomString(rng, length);
  }
  if (roll === 8) return rng.chance(0.15) ? "y".repeat(1024 * 1024) : randomString(rng, rng.int(1, 60));
  return rng.hex(rng.pick([23, 24, 25, 64]));
}

function numberFor(s: JsonSchema, rng: Rng, pool: Pool): unknown {
  const edges = [s.minimum, s.maximum, s.exclusiveMinimum, s.exclusiveMaximum].filter((n): n is number => n !== undefined);
  const roll = rng.int(0, 9);
  if (roll < 3 && pool.numbers.length) return rng.pick(pool.numbers);
  if (roll < 6 && edges.length) return rng.pick(edges) + rng.pick([-1, 0, 0, 1, 0.5]);
  if (roll < 8) return rng.pick(NASTY_NUMBERS);
  if (roll === 8) return rng.pick(["1", "NaN", "Infinity", "-0", "0x10", "1e3"]);
  return rng.int(-3, 100);
}

function arrayFor(s: JsonSchema, rng: Rng, pool: Pool, depth: number): unknown {
  const edges = [0, 1, s.minItems, s.maxItems, s.maxItems !== undefined ? s.maxItems + 1 : undefined].filter((n): n is number => n !== undefined);
  const length = rng.chance(0.05) ? 10_000 : rng.chance(0.5) ? rng.pick(edges) : rng.int(0, 5);
  const item = s.items ?? {};
  // A long list repeats one item: 10,000 generated values would make the case slow to build.
  if (length > 200) return Array.from({ length }, () => rng.pick(pool.strings.length ? pool.strings : ["x"]));
  return Array.from({ length }, () => valueFor(item, rng, pool, depth + 1));
}

const UNKNOWN_KEYS = ["__proto__", "constructor", "prototype", "extra", "", "toString", "hasOwnProperty", "type", "id"];

function objectFor(s: JsonSchema, rng: Rng, pool: Pool, depth: number): unknown {
  const out: Record<string, unknown> = {};
  const required = new Set(s.required ?? []);
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    if (rng.chance(required.has(key) ? 0.93 : 0.5)) out[key] = valueFor(prop, rng, pool, depth + 1);
  }
  // defineProperty: a plain assignment to "__proto__" would set the prototype instead of sending the key.
  if (rng.chance(0.2)) Object.defineProperty(out, rng.pick(UNKNOWN_KEYS), { value: anyValue(rng, depth + 1), enumerable: true });
  return out;
}

/** A value shaped like `schema` most of the time, with boundary and wrong-typed values mixed in. */
export function valueFor(s: JsonSchema, rng: Rng, pool: Pool, depth = 0): unknown {
  if (depth > 8 || rng.chance(0.12)) return anyValue(rng, depth);
  const choices = s.anyOf ?? s.oneOf;
  if (choices?.length) return valueFor(rng.pick(choices), rng, pool, depth);
  if (s.const !== undefined) return rng.chance(0.9) ? s.const : anyValue(rng, depth);
  if (s.enum?.length) {
    const v = rng.pick(s.enum);
    return rng.chance(0.8) ? v : rng.pick([`${String(v)} `, String(v).toUpperCase(), `${String(v)}\u0000`, [v], null]);
  }
  const type = Array.isArray(s.type) ? rng.pick(s.type) : s.type;
  switch (type) {
    case "string":
      return stringFor(s, rng, pool);
    case "integer":
    case "number":
      return numberFor(s, rng, pool);
    case "boolean":
      return rng.chance(0.85) ? rng.chance(0.5) : rng.pick(["true", 0, 1, null]);
    case "array":
      return arrayFor(s, rng, pool, depth);
    case "object":
      return objectFor(s, rng, pool, depth);
    case "null":
      return null;
    default:
      return anyValue(rng, depth);
  }
}

/** A procedure's input: usually schema-shaped, sometimes absent or of the wrong type altogether. */
export function inputFor(proc: ProcedureInfo, rng: Rng, pool: Pool): unknown {
  const roll = rng.next();
  if (roll < 0.08) return undefined;
  if (roll < 0.25 || !proc.schema) return anyValue(rng);
  return valueFor(proc.schema, rng, pool);
}

/** Whether the procedure's own parser refuses the input as the server will see it (after JSON). */
export function refusedByParser(proc: ProcedureInfo, text: string | undefined): boolean {
  if (!proc.parser) return false;
  let value: unknown;
  try {
    value = text === undefined ? undefined : JSON.parse(text);
  } catch {
    return true;
  }
  return !proc.parser.safeParse(value).success;
}

