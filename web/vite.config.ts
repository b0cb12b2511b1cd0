/**
 * Vite config for the SolidJS client. Root is web/, the build lands in dist/web (served by the
 * Bun server). In dev, the API (tRPC and uploads), websocket, dev outbox and media are proxied
 * to the server on :3001 with the Host header kept (no changeOrigin): the server accepts
 * same-origin requests by comparing the Origin host with Host.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import solid from "vite-plugin-solid";
import { wordsByPage } from "./words-plugin.ts";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * zod's JSON Schema export (`toJSONSchema`, `~standard.jsonSchema`, the `minLength`-style
 * getters) is part of every schema class, so no bundler can drop it, and the client never uses
 * it. In the production build its two modules become functions that throw, with the same names:
 * ~5 KB gzip off zod, which every page with a form loads (bench/web.ts).
 */
function zodWithoutJsonSchema(): Plugin {
  const modules = /[\\/]node_modules[\\/]zod[\\/]v4[\\/]core[\\/](to-json-schema|json-schema-processors)\.js$/;
  return {
    name: "zod-without-json-schema",
    apply: "build",
    load(id) {
      if (!modules.test(id)) return null;
      const source = readFileSync(id, "utf8");
      const names = new Set([...source.matchAll(/^export (?:function|const|let|class) (\w+)/gm)].map((m) => m[1]!));
      for (const m of source.matchAll(/^export \{([^}]*)\}/gm)) for (const part of m[1]!.split(",")) names.add(part.trim().split(/\s+as\s+/).pop()!);
      const stub = 'function unavailable() { throw new Error("zod JSON Schema is not part of the web build (web/vite.config.ts)"); }';
      return [stub, ...[...names].filter(Boolean).map((name) => `export const ${name} = unavailable;`)].join("\n");
    },
  };
}

/**
 * Three more zod modules the client never runs, as stubs in the production build (~3 KB gzip off
 * zod, which every page with a form loads): English default messages (every shared schema names an
 * i18n key, and a message that is not a key reads as a generic error either way), the code
 * generator of the JIT fast path (off: jitless, web/src/lib/zod-config.ts), and the memoizer that
 * lets a parse close a cycle in its input (JSON from the network and form values have none).
 */
function zodTrimmedForTheWeb(): Plugin {
  const stubs: Array<[RegExp, string]> = [
    [/[\\/]zod[\\/]v4[\\/]locales[\\/]en\.js$/, "export default function () { return {}; }"],
    [/[\\/]zod[\\/]v4[\\/]core[\\/]doc\.js$/, 'export class Doc { constructor() { throw new Error("zod JIT is not part of the web build"); } }'],
    [
      /[\\/]zod[\\/]v4[\\/]core[\\/]memoizer\.js$/,
      "export class $ZodCyclicError extends Error {}\nexport function isRecursiveSchema() { return false; }\nexport function memoizer() { return undefined; }\nexport function isBackEdge() { return false; }",
    ],
  ];
  return {
    name: "zod-trimmed-for-the-web",
    apply: "build",
    load(id) {
      return stubs.find(([pattern]) => pattern.test(id))?.[1] ?? null;
    },
  };
}

/**
 * The service worker (web/service-worker.js) as /sw.js in the production build, with its
 * VERSION (a hash of every built and public file's name and content: any change makes a new
 * worker, so browsers offer the update) and its SHELL (what install fetches: "/", the entry's
 * scripts and styles first, then every other built file under assets/ — each page's code, so any
 * page opens offline — and the public files such as the manifest and icons). Not in dev: the app
 * registers it only in builds (web/src/index.tsx).
 */
function serviceWorker(): Plugin {
  const publicDir = fileURLToPath(new URL("./public", import.meta.url));
  return {
    name: "world-it-service-worker",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const hash = createHash("sha256");
      const publicFiles = readdirSync(publicDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(publicDir.length).split("\\").join("/"))
        .sort();
      for (const path of publicFiles) hash.update(path).update(readFileSync(join(publicDir, path)));
      for (const name of Object.keys(bundle).sort()) {
        const item = bundle[name]!;
        hash.update(name).update(item.type === "chunk" ? item.code : item.source);
      }
      // The entry chunk and what it loads before the app starts.
      const shell = new Set<string>();
      const add = (name: string) => {
        const chunk = bundle[name];
        if (!chunk || chunk.type !== "chunk" || shell.has(`/${name}`)) return;
        shell.add(`/${name}`);
        for (const css of chunk.viteMetadata?.importedCss ?? []) shell.add(`/${css}`);
        for (const imported of chunk.imports) add(imported);
      };
      for (const item of Object.values(bundle)) if (item.type === "chunk" && item.isEntry) add(item.fileName);
      for (const name of Object.keys(bundle).sort()) if (name.startsWith("assets/")) shell.add(`/${name}`);
      const source = readFileSync(fileURLToPath(new URL("./service-worker.js", import.meta.url)), "utf8")
        .replace('"__VERSION__"', JSON.stringify(hash.digest("hex").slice(0, 16)))
        .replace('const SHELL = ["/"];', `const SHELL = ${JSON.stringify(["/", ...shell, ...publicFiles])};`);
      if (source.includes("__VERSION__") || !source.includes('const SHELL = ["/",')) throw new Error("web/service-worker.js: VERSION or SHELL not found");
      this.emitFile({ type: "asset", fileName: "sw.js", source });
    },
  };
}

/**
 * The messenger in three chunks: its layout and what the open chat and the list share
 * ("chat-common"), the open chat ("chat-view": ChatView.tsx, /chats/:id and /chat/global) and the
 * list ("chat-list-panel": ChatList.tsx, /chats, and beside an open chat on a wide screen). Each takes
 * the modules that only the messenger and what it fetches later (its dialogs, search results,
 * mention suggestions) import, and that its root imports statically — its own files and the small
 * ones it shares with those parts (date formats, avatars, chat rules, their words). Left alone, the
 * bundler gives each set of sharers a chunk of its own: a dozen files of a few hundred bytes that a
 * first visit fetches one by one and gzip packs worse apart (bench/web.ts). A module that the
 * entry, another page or a part fetched elsewhere can reach (walking imports without entering the
 * messenger's roots) stays out, so no other page loads chat code; a part's own files stay in its
 * chunk. The groups take no imports beyond these (includeDependenciesRecursively: false): what
 * they import is the app chunk or a shared chunk, and no module there imports back into them, so
 * the chunks import each other without a cycle.
 */
const chatRoots = {
  layout: fileURLToPath(new URL("./src/features/chats/ChatsPages.tsx", import.meta.url)),
  view: fileURLToPath(new URL("./src/features/chats/ChatView.tsx", import.meta.url)),
  list: fileURLToPath(new URL("./src/features/chats/ChatList.tsx", import.meta.url)),
};
const appEntries = ["./index.html", "./src/index.tsx"].map((p) => fileURLToPath(new URL(p, import.meta.url)));
type ModuleGraph = { getModuleInfo(id: string): { importedIds: string[]; dynamicallyImportedIds: string[] } | null };
const chatChunkNames = new WeakMap<object, Map<string, string>>();
function chatChunkOf(graph: ModuleGraph, id: string): string | null {
  let names = chatChunkNames.get(graph);
  if (!names) {
    const stops = new Set(Object.values(chatRoots));
    const reach = (from: string[], dynamic: boolean) => {
      const seen = new Set<string>();
      const visit = (id: string, root: boolean) => {
        if (seen.has(id) || (!root && stops.has(id))) return;
        const info = graph.getModuleInfo(id);
        if (!info) return;
        seen.add(id);
        for (const next of info.importedIds) visit(next, false);
        if (dynamic) for (const next of info.dynamicallyImportedIds) visit(next, false);
      };
      for (const id of from) visit(id, true);
      return seen;
    };
    // Everything any other page, part or the entry can load, without going through the messenger's roots.
    const elsewhere = reach(appEntries, true);
    const [layout, view, list] = [chatRoots.layout, chatRoots.view, chatRoots.list].map((root) => new Set([...reach([root], false)].filter((id) => !elsewhere.has(id))));
    names = new Map();
    for (const id of new Set([...layout!, ...view!, ...list!])) {
      names.set(id, view!.has(id) && !layout!.has(id) && !list!.has(id) ? "chat-view" : list!.has(id) && !layout!.has(id) && !view!.has(id) ? "chat-list-panel" : "chat-common");
    }
    chatChunkNames.set(graph, names);
  }
  return names.get(id) ?? null;
}

const api = "http://127.0.0.1:3001";

export default defineConfig({
  root,
  plugins: [wordsByPage(), solid(), zodWithoutJsonSchema(), zodTrimmedForTheWeb(), serviceWorker()],
  resolve: {
    // zod, configured for our CSP before any schema is made (web/src/lib/zod-config.ts).
    alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL("./src/lib/zod-config.ts", import.meta.url)) }],
  },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    assetsDir: "assets",
    target: "es2022",
    // .vite/manifest.json: which chunks each route loads (bench/web.ts sizes them; never served).
    manifest: true,
    // Every browser we support preloads modules natively.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Built files are named by their content hash alone (8 characters of [0-9a-z]), as
        // production bundles usually are. Every lazy import in the entry carries the names of the
        // files it preloads, ~110 of them, and a readable name part is text gzip cannot share
        // between them: hash-only names take 1.4 KB gzip off a signed-in first visit of / and 0.7
        // KB off an open chat's (bench/web.ts). The manifest (.vite/manifest.json) still says
        // which module or named group each file is; bench:web and the browser tests read it (ADR 0036).
        entryFileNames: "assets/[hash].js",
        chunkFileNames: "assets/[hash].js",
        assetFileNames: "assets/[hash][extname]",
        hashCharacters: "base36",
        codeSplitting: {
          // Everything the entry imports statically (the app shell: framework, router, i18n,
          // header, socket) in one chunk. Left alone, the bundler cuts it into a chunk per set of
          // pages sharing a module: two dozen files that every first visit fetches one by one.
          // The entry module stays its own small chunk, so the manifest keeps index.html's entry.
          // Two libraries that pages load on their own get chunks named after them (bench/web.ts
          // lists the heaviest files by name), which also stay cached from one release to the next.
          groups: [
            { name: "app", tags: ["$initial"], test: (id) => !/[\\/]web[\\/](index\.html|src[\\/]index\.tsx)$/.test(id) },
            { name: (id, ctx) => chatChunkOf(ctx, id), debugName: "messenger", includeDependenciesRecursively: false },
            { name: "zod", test: /[\\/]node_modules[\\/]zod[\\/]/ },
            { name: "markdown", test: /[\\/]node_modules[\\/](micromark[^\\/]*|mdast-[^\\/]*|decode-named-character-reference|character-entities|devlop)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 3000,
    strictPort: true,
    proxy: {
      "/trpc": { target: api },
      "/api": { target: api },
      "/dev": { target: api },
      "/healthz": { target: api },
      "/media": { target: api },
      "/ws": { target: "ws://127.0.0.1:3001", ws: true },
    },
  },
  preview: { port: 3000, strictPort: true },
});
