/**
 * Each page brings its own words (ADR 0026, ADR 0035). The Ukrainian dictionary (web/src/i18n/uk.ts
 * and every feature's `uk`, merged in web/src/i18n/features.ts) is cut by the build: a module of
 * the app (web/src/** or shared/**) that spells a key in a string — "chats.send" — gets, at its
 * top, a call that adds that word to the dictionary when the module runs; a key's beginning —
 * `admin.kind.${kind}`, "admin.kind." + kind, or a plural's base "posts.likes" — brings every key
 * under it. So the words travel with the code that shows them: the header's in the first load, a
 * page's in its lazy chunk (they have run before the page renders, no flash of missing words), a
 * schema's validation messages with its form.
 *
 * The words are written into the module that names them, not imported from a module of their own:
 * a word two pages name is then in both pages' chunks (a few bytes each, after compression), where
 * a shared module became a chunk of a hundred bytes that each of those pages fetched on its own
 * (ADR 0035). Two modules of one chunk naming the same word repeat it, which gzip all but erases.
 *
 * The entry (web/src/index.tsx) also adds FIRST_LOAD, the generic reasons any page may show.
 * A key the code never spells out (a reason that only the server names) is caught at run time:
 * t() of a missing key loads every word once (web/src/i18n/all-words.ts) and re-renders.
 * English is unchanged: one chunk with every word, loaded when chosen (web/src/i18n/english.ts).
 * Without this plugin (bun test importing web code) the dictionary starts empty and fills through
 * the same fallback.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Plugin } from "vite";

const i18nDir = fileURLToPath(new URL("./src/i18n/", import.meta.url));
const indexModule = `${i18nDir}index.ts`;
const entryModule = fileURLToPath(new URL("./src/index.tsx", import.meta.url));
/** Words the first load carries whoever spells them: the server's generic reasons (errors.notFound, …). */
const FIRST_LOAD = ["errors."];

/** Every Ukrainian word, read from the dictionaries' source (fresh in dev, where they change). */
async function readWords(fresh: boolean): Promise<Record<string, string>> {
  const bust = fresh ? `?v=${Date.now()}` : "";
  const core = (await import(pathToFileURL(`${i18nDir}uk.ts`).href + bust)) as { uk: Record<string, string> };
  const features = (await import(pathToFileURL(`${i18nDir}features.ts`).href + bust)) as { featureUk: Record<string, string> };
  return { ...core.uk, ...features.featureUk };
}

/** The words a literal names: the key itself, or every key under it ("a.b" and "a.b." → "a.b.*"). */
function wordsOf(all: Record<string, string>, literal: string): Record<string, string> {
  const head = literal.endsWith(".") ? literal : `${literal}.`;
  const out: Record<string, string> = {};
  for (const key in all) if (key === literal || key.startsWith(head)) out[key] = all[key]!;
  return out;
}

/** A string or template literal that starts like a key: "x.y", 'x.y.', `x.y.${…}`. */
const KEY_LITERAL = /["'`]([a-zA-Z][\w-]*\.[\w.-]*)(?=["'`]|\$\{)/g;

/** The app's own code, where keys are named; not the dictionaries, not i18n itself, not a "?query" copy. */
function namesKeys(id: string): boolean {
  if (id.includes("?") || id.includes("\0") || id.includes("/node_modules/")) return false;
  if (!/\.(ts|tsx)$/.test(id) || id.startsWith(i18nDir) || /[\\/]i18n\.ts$/.test(id)) return false;
  return /[\\/](web[\\/]src|shared)[\\/]/.test(id);
}

export function wordsByPage(): Plugin {
  let words: Promise<Record<string, string>> | undefined;
  let dev = false;
  const current = () => (words ??= readWords(dev));
  /** The modules that carry words (dev: transformed again when a dictionary changes). */
  const carriers = new Set<string>();
  return {
    name: "world-it-words",
    enforce: "pre",
    configResolved(config) {
      dev = config.command === "serve";
    },
    // Dev: a changed dictionary is read again, the modules that carry words are transformed again, and the page reloads.
    handleHotUpdate(ctx) {
      if (!ctx.file.startsWith(i18nDir) && !/[\\/]i18n\.ts$/.test(ctx.file)) return;
      words = undefined;
      for (const id of carriers) for (const m of ctx.server.moduleGraph.getModulesByFile(id) ?? []) ctx.server.moduleGraph.invalidateModule(m);
      ctx.server.ws.send({ type: "full-reload" });
      return [];
    },
    async transform(code, id) {
      if (!namesKeys(id)) return null;
      const all = await current();
      const named: Record<string, string> = {};
      for (const literal of id === entryModule ? FIRST_LOAD : []) Object.assign(named, wordsOf(all, literal));
      for (const m of code.matchAll(KEY_LITERAL)) Object.assign(named, wordsOf(all, m[1]!));
      if (!Object.keys(named).length) return null;
      carriers.add(id);
      // On the first line, so the source map's lines stay where they were.
      return { code: `import { addWords as __addWords } from ${JSON.stringify(indexModule)};__addWords(${JSON.stringify(named)});${code}`, map: null };
    },
  };
}
