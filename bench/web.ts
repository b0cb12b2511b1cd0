/**
 * `bun run bench:web`: what the web client costs a first visit, per route, from Vite's manifest.
 *
 * 1. Builds the client into a temporary folder (never dist/web, which a running server or
 *    another test may be serving), with .vite/manifest.json (web/vite.config.ts).
 * 2. Per route: the JavaScript and CSS a first visit loads — the entry (index.html's script) with
 *    everything it imports statically, plus the route's lazy chunks (App.tsx) with theirs — and,
 *    for routes other than /, what that adds to the entry. A signed-in visit also loads the
 *    signed-in frame (SIGNED_IN: the header's live counts, bell, search, tab bar; ADR 0031): its
 *    row is the entry with it, and a signed-in route's total counts it and its extra is on top of
 *    it. / is measured twice, for a guest and signed in (each loads its own part of the home page).
 *    Sizes are gzip -9 (what the targets are in) and brotli 11 (what a browser is actually sent:
 *    scripts/precompress.ts).
 * 3. Targets: / at most 60 KB gzip in all, for a guest and signed in; any other route at most
 *    30 KB gzip on top of the entry (with the signed-in frame for a signed-in route).
 *    1 KB = 1,000 bytes. Prints a table, refreshes the "Web client size" section of BENCHMARKS.md
 *    and exits 1 when a target fails.
 *
 * The tables below must name every lazy chunk the app has (App.tsx's pages, and what pages fetch
 * on an action: dialogs, form schemas): a chunk that neither a route nor ON_DEMAND claims fails
 * the run, so a new page or a lazy part cannot slip past the budget unlabelled.
 *
 * Options: --dir <dist> (measure a build that exists instead of building), --no-write, --json <file>
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { runHeader, runMain } from "./lib/common.ts";
import { writeResults } from "./lib/report.ts";
import { chunkLabel, readBuildManifest, type BuildManifest as Manifest } from "../web/build-manifest.ts";

const ROOT = join(import.meta.dir, "..");
const FIRST_LOAD_TARGET = 60_000;
const ROUTE_EXTRA_TARGET = 30_000;

/** What every signed-in visit loads besides the entry (web/src/components/signed-in.tsx). */
const SIGNED_IN = ["src/components/SignedInShell.tsx"];

/**
 * Route → the lazy modules (as App.tsx imports them) its first visit loads; `signedIn`: a page for
 * signed-in people only (its visit loads SIGNED_IN too). Pages anyone may open are measured as a
 * guest's visit, whose extra is the larger (the signed-in frame brings some of their modules).
 */
const ROUTES: Array<{ path: string; modules: string[]; signedIn?: boolean; firstLoad?: boolean }> = [
  { path: "/", modules: ["src/features/home/GuestHome.tsx"], firstLoad: true },
  { path: "/ (signed in)", modules: ["src/features/home/SignedInHome.tsx"], signedIn: true, firstLoad: true },
  { path: "/login", modules: ["src/features/auth/LoginPage.tsx"] },
  { path: "/account-deleted", modules: ["src/features/account-deletion/AccountDeletedPage.tsx"] },
  { path: "/register", modules: ["src/features/auth/RegisterPage.tsx"] },
  { path: "/verify", modules: ["src/features/auth/VerifyPage.tsx"] },
  { path: "/forgot-password", modules: ["src/features/auth/ForgotPasswordPage.tsx"] },
  { path: "/reset-password", modules: ["src/features/auth/ResetPasswordPage.tsx"] },
  { path: "/publications", modules: ["src/features/posts/PostsPages.tsx"], signedIn: true },
  { path: "/posts/:id", modules: ["src/features/posts/PostPage.tsx"] },
  { path: "/notifications", modules: ["src/features/notifications/NotificationsPage.tsx"], signedIn: true },
  { path: "/friends", modules: ["src/features/friends/FriendsPages.tsx"], signedIn: true },
  { path: "/chats", modules: ["src/features/chats/ChatsPages.tsx", "src/features/chats/ChatList.tsx"], signedIn: true },
  { path: "/chats/:id", modules: ["src/features/chats/ChatsPages.tsx", "src/features/chats/ChatView.tsx"], signedIn: true },
  { path: "/u/:username", modules: ["src/features/profile/ProfilePage.tsx"] },
  // Signed in, a profile also fetches its relation bar (add friend, message, block…) with the page.
  { path: "/u/:username (signed in)", modules: ["src/features/profile/ProfilePage.tsx", "src/features/friends/ProfileRelation.tsx"], signedIn: true },
  { path: "/albums/:id", modules: ["src/features/albums/AlbumPage.tsx"] },
  { path: "/albums/new", modules: ["src/features/albums/NewAlbumPage.tsx"], signedIn: true },
  { path: "/settings", modules: ["src/features/settings/SettingsPage.tsx"], signedIn: true },
  { path: "/settings/sessions", modules: ["src/features/auth/SessionsPage.tsx"], signedIn: true },
  { path: "/admin/reports", modules: ["src/features/admin/AdminShell.tsx", "src/features/admin/ReportsPage.tsx"], signedIn: true },
  { path: "/admin/log", modules: ["src/features/admin/AdminShell.tsx", "src/features/admin/LogPage.tsx"], signedIn: true },
  { path: "/admin/team", modules: ["src/features/admin/AdminShell.tsx", "src/features/admin/TeamPage.tsx"], signedIn: true },
];

/**
 * Lazy chunks that are no route's: loaded on a person's action (or after the first render), not
 * by a first visit, sized beyond the entry like a route's extra (an upper bound: the page that
 * fetches one has some of its files already), or, with `from`, beyond what that route's visit has
 * loaded (a part only that page fetches). A row with several modules is sized as the largest
 * of them (each is fetched on its own: one dialog, one form's schemas). `match` claims every lazy
 * module whose key it matches (the shared schema modules that forms fetch when sent).
 */
const ON_DEMAND: Array<{ label: string; modules?: string[]; match?: RegExp; from?: string }> = [
  { label: "English (on switching the language)", modules: ["src/i18n/english.ts"] },
  { label: "Service worker and update prompt (after the first render)", modules: ["src/lib/pwa.ts"] },
  { label: "Toasts (with the first notice: \"notify everyone\", a comment on my post)", modules: ["src/components/ToastItems.tsx"] },
  { label: "Every Ukrainian word (only on a key no loaded code names)", modules: ["src/i18n/all-words.ts"] },
  { label: "Markdown renderer (fetched when a post or a message with Markdown syntax or a link shows)", modules: ["src/lib/markdown.ts"] },
  { label: "Chat list (on \"Message\" on a profile or card; signed in, the frame has it)", modules: ["src/features/chats/chat-list.ts"] },
  { label: "A form's checks: zod and that form's shared schemas (on sending it; the largest of {n})", match: /^\.\.\/shared\/[\w-]+\.ts$/ },
  {
    label: "A dialog or the photo viewer (on opening it; the largest of {n})",
    modules: [
      "src/components/ConfirmDialog.tsx",
      "src/features/reports/ReportDialog.tsx",
      "src/features/admin/HideDialog.tsx",
      "src/features/admin/ReasonDialog.tsx",
      "src/features/posts/LikersDialog.tsx",
      "src/features/albums/PhotoViewer.tsx",
    ],
  },
  { label: "Post composer's tags, links and images (on opening the composer)", modules: ["src/features/posts/ComposerExtras.tsx"] },
  { label: "Post composer (on starting to write a post on /, a saved draft, or editing a post)", modules: ["src/features/posts/Composer.tsx"] },
  { label: "Form helpers (on a post that fails its checks; every other form has them)", modules: ["src/lib/form.ts"] },
  { label: "Two-factor sign-in's steps (on turning it on or off)", modules: ["src/features/security/TwoFactorSteps.tsx"] },
  { label: "A moderator's tools on a profile (moderators and admins only)", modules: ["src/features/admin/ProfileModeration.tsx"] },
  { label: "The header's moderation link and its count (moderators and admins only)", modules: ["src/features/admin/AdminNavLink.tsx"] },
  { label: "Changing the email (on \"Change\" in the settings, or a change waiting for its code)", modules: ["src/features/settings/EmailChange.tsx"] },
  { label: "Push on this device (read as the settings open, asynchronous anyway)", modules: ["src/features/push/device-push.ts"] },
  { label: "Emoji picker (on opening it)", modules: ["src/features/emoji/EmojiPicker.tsx"] },
  {
    label: "A chat's dialog, action sheet, list, menu or reaction bar (on opening it; the largest of {n})",
    modules: [
      "src/features/chats/GroupInfoDialog.tsx",
      "src/features/chats/NewGroupDialog.tsx",
      "src/features/chats/NotifyDialog.tsx",
      "src/features/replies/ForwardDialog.tsx",
      "src/features/phone/MessageSheet.tsx",
      "src/features/presence/SeenByDialog.tsx",
      "src/features/chats/ReactionBar.tsx",
      "src/features/chats/DeleteDialogs.tsx",
      "src/features/reports/BlockConfirm.tsx",
      "src/features/mentions/MuteChoices.tsx",
    ],
    from: "/chats/:id",
  },
  { label: "Slow-mode choice in the public chat's header (moderators only)", modules: ["src/features/chats/SlowModeControl.tsx"], from: "/chats/:id" },
  { label: "My chat list beside an open chat (a wide screen, after the chat's code; a phone, on going back to the list)", modules: ["src/features/chats/ChatList.tsx"], from: "/chats/:id" },
  { label: "Message search results (on typing in the chat list's search box)", modules: ["src/features/message-search/SearchResults.tsx"], from: "/chats" },
  { label: "Mention suggestions (on typing @ in a chat's composer)", modules: ["src/features/mentions/mention-autocomplete.tsx"], from: "/chats/:id" },
  { label: "Image upload (on attaching a message's first image)", modules: ["src/lib/upload.ts"] },
  { label: "A message's attached images: their tray and store (on attaching the first)", modules: ["src/features/chats/AttachmentTray.tsx"], from: "/chats/:id" },
  { label: "Notice instead of the composer (a personal chat closed to me)", modules: ["src/features/reports/ClosedChatNotice.tsx"], from: "/chats/:id" },
  { label: "WebAuthn (on adding or using a passkey)", modules: ["../node_modules/@simplewebauthn/browser/esm/index.js"] },
  { label: "QR code (on turning two-factor sign-in on)", modules: ["../node_modules/qrcode-generator/qrcode.js"] },
];
/** The modules an on-demand row stands for, in this build. */
const onDemandModules = (d: (typeof ON_DEMAND)[number], manifest: Manifest) =>
  [...(d.modules ?? []), ...(d.match ? Object.keys(manifest).filter((k) => manifest[k]!.isDynamicEntry && d.match!.test(k)) : [])].filter((k) => manifest[k]);


interface Size {
  files: number;
  raw: number;
  gzip: number;
  brotli: number;
}

interface RouteRow {
  path: string;
  total: Size;
  extra: Size;
  target: string;
  ok: boolean | null;
}

function parseOptions(argv: string[]) {
  const o = { dir: null as string | null, write: true, json: null as string | null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--dir") o.dir = argv[++i] ?? null;
    else if (a === "--no-write") o.write = false;
    else if (a === "--json") o.json = argv[++i] ?? null;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

function build(outDir: string) {
  const cmd = [process.execPath, "--bun", "vite", "build", "--config", "web/vite.config.ts", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"];
  // The build people get (solid's production code), whatever NODE_ENV the caller runs under.
  const result = Bun.spawnSync(cmd, { cwd: ROOT, stdout: "pipe", stderr: "pipe", env: { ...process.env, NODE_ENV: "production" } });
  if (!result.success) throw new Error(`the web client did not build:\n${result.stdout}\n${result.stderr}`);
}

/** Every file a chunk needs before it runs: itself, its CSS, and the same for its static imports. */
function closure(manifest: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in Vite's manifest: is the route table in bench/web.ts up to date?`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of keys) visit(key);
  return files;
}

/** What a built file is, in a few words (files are named by their hash alone). */
function contentsOf(manifest: Manifest, file: string): string {
  for (const chunk of Object.values(manifest)) {
    if (chunk.file === file) return chunkLabel(chunk);
    if (chunk.css?.includes(file)) return `CSS of ${chunkLabel(chunk)}`;
  }
  return "";
}

export async function benchWeb(argv: string[] = []): Promise<{ ok: boolean }> {
  const o = parseOptions(argv);
  const started = Date.now();
  const tmp = o.dir ? null : mkdtempSync(join(tmpdir(), "world-it-bench-web-"));
  try {
    const dir = o.dir ?? join(tmp!, "web");
    if (!o.dir) {
      console.error("[bench:web] building the web client");
      build(dir);
    }
    const manifest = readBuildManifest(dir);

    const sizes = new Map<string, Size>();
    const sizeOf = (files: Iterable<string>): Size => {
      const total: Size = { files: 0, raw: 0, gzip: 0, brotli: 0 };
      for (const file of files) {
        if (!/\.(js|css)$/.test(file)) continue;
        let s = sizes.get(file);
        if (!s) {
          const bytes = readFileSync(join(dir, file));
          s = {
            files: 1,
            raw: bytes.byteLength,
            gzip: Bun.gzipSync(bytes, { level: 9 }).byteLength,
            brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
          };
          sizes.set(file, s);
        }
        total.files += s.files;
        total.raw += s.raw;
        total.gzip += s.gzip;
        total.brotli += s.brotli;
      }
      return total;
    };

    const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
    if (!entryKey) throw new Error("Vite's manifest has no entry");
    const entry = closure(manifest, [entryKey]);
    const minus = (a: Set<string>, b: Set<string>) => new Set([...a].filter((f) => !b.has(f)));

    // Every lazy chunk of the app must be a route's or known as on demand.
    const claimed = new Set([...SIGNED_IN, ...ROUTES.flatMap((r) => r.modules), ...ON_DEMAND.flatMap((d) => onDemandModules(d, manifest))]);
    const unclaimed = Object.keys(manifest).filter((k) => manifest[k]!.isDynamicEntry && !claimed.has(k));
    if (unclaimed.length) throw new Error(`lazy chunks that no route or on-demand row in bench/web.ts claims: ${unclaimed.join(", ")}`);

    const signedInBase = new Set([...entry, ...closure(manifest, SIGNED_IN)]);
    const baseOf = (r: (typeof ROUTES)[number]) => (r.signedIn ? signedInBase : entry);
    const rows: RouteRow[] = ROUTES.map((r) => {
      const { path, modules } = r;
      const files = new Set([...baseOf(r), ...closure(manifest, modules)]);
      const total = sizeOf(files);
      const extra = sizeOf(minus(files, baseOf(r)));
      const home = r.firstLoad === true;
      return {
        path,
        total,
        extra,
        target: home ? `≤ ${FIRST_LOAD_TARGET / 1000} KB in all` : `≤ ${ROUTE_EXTRA_TARGET / 1000} KB extra`,
        ok: home ? total.gzip <= FIRST_LOAD_TARGET : extra.gzip <= ROUTE_EXTRA_TARGET,
      };
    });
    const entrySize = sizeOf(entry);
    // The heaviest files, with how many routes' first visits load them: where the bytes are.
    const routeFiles = ROUTES.map((r) => new Set([...baseOf(r), ...closure(manifest, r.modules)]));
    const heaviest = [...new Set(routeFiles.flatMap((f) => [...f]))]
      .filter((f) => /\.(js|css)$/.test(f))
      .map((file) => ({ file, size: sizeOf([file]), routes: routeFiles.filter((f) => f.has(file)).length, contents: contentsOf(manifest, file) }))
      .sort((a, b) => b.size.gzip - a.size.gzip)
      .slice(0, 8);
    const loadedBefore = (d: (typeof ON_DEMAND)[number]) => {
      if (!d.from) return entry;
      const i = ROUTES.findIndex((r) => r.path === d.from);
      if (i < 0) throw new Error(`on-demand row "${d.label}": no route ${d.from} in bench/web.ts`);
      return routeFiles[i]!;
    };
    const onDemand = ON_DEMAND.map((d) => ({ label: d.from ? `${d.label} [beyond ${d.from}]` : d.label, sizes: onDemandModules(d, manifest).map((m) => sizeOf(minus(closure(manifest, [m]), loadedBefore(d)))) }))
      .filter((d) => d.sizes.length > 0)
      .map((d) => ({ label: d.label.replace("{n}", String(d.sizes.length)), extra: d.sizes.reduce((a, b) => (b.gzip > a.gzip ? b : a)) }));
    const ok = rows.every((r) => r.ok !== false);
    const seconds = (Date.now() - started) / 1000;

    const kb = (n: number) => (n / 1000).toFixed(1);
    const cells = (s: Size) => [String(s.files), kb(s.raw), kb(s.gzip), kb(s.brotli)];
    const head = ["route", "files", "JS+CSS KB", "gzip KB", "brotli KB", "extra files", "extra gzip KB", "extra brotli KB", "target (gzip)", ""];
    const table: string[][] = [
      ["entry (every route)", ...cells(entrySize), "", "", "", "", ""],
      ["entry and signed-in frame (every signed-in visit)", ...cells(sizeOf(signedInBase)), String(minus(signedInBase, entry).size), kb(sizeOf(minus(signedInBase, entry)).gzip), kb(sizeOf(minus(signedInBase, entry)).brotli), "", ""],
      ...rows.map((r) => [r.path, ...cells(r.total), String(r.extra.files), kb(r.extra.gzip), kb(r.extra.brotli), r.target, r.ok ? "PASS" : "FAIL"]),
      ...onDemand.map((d) => [d.label, "", "", "", "", String(d.extra.files), kb(d.extra.gzip), kb(d.extra.brotli), "", ""]),
    ];

    const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    console.log("\nWeb client: JavaScript and CSS a first visit loads, per route (gzip -9 / brotli 11; 1 KB = 1,000 bytes)\n");
    console.log([line(head), ...table.map(line)].join("\n"));
    const heavyHead = ["heaviest files", "gzip KB", "brotli KB", "routes loading it", "what it is"];
    const heavyRows = heaviest.map((h) => [h.file.replace(/^assets\//, ""), kb(h.size.gzip), kb(h.size.brotli), `${h.routes} of ${ROUTES.length}`, h.contents]);
    const heavyWidths = heavyHead.map((h, i) => Math.max(h.length, ...heavyRows.map((r) => r[i]!.length)));
    console.log(`\n${[heavyHead, ...heavyRows].map((r) => r.map((c, i) => (i === 0 || i === 4 ? c.padEnd(heavyWidths[i]!) : c.padStart(heavyWidths[i]!))).join("  ")).join("\n")}`);
    console.log(`\n${ok ? "all targets PASS" : "some targets FAIL"} — ${seconds.toFixed(0)} s`);

    if (o.json) writeFileSync(o.json, JSON.stringify({ entry: entrySize, rows, onDemand }, null, 2));
    if (o.write) {
      const md = [
        `| ${head.join(" | ")} |`,
        `|---|${head.slice(1, -2).map(() => "--:").join("|")}|---|---|`,
        ...table.map((r) => `| ${r.map((c, i) => (i === r.length - 1 && c ? `**${c}**` : c)).join(" | ")} |`),
      ].join("\n");
      const section = [
        ...runHeader("bench:web", argv, ["--json", "--dir"], seconds, `Bun ${Bun.version}, Vite build of web/`),
        "A first visit's JavaScript and CSS: the entry and what it imports, plus the route's lazy chunks and their imports; " +
          "`extra` is what a route adds to the entry. gzip -9 is what the targets count; brotli 11 is what browsers are sent.",
        "",
        md,
        "",
        `| ${heavyHead.join(" | ")} |`,
        "|---|--:|--:|--:|---|",
        ...heavyRows.map((r) => `| ${r.join(" | ")} |`),
      ].join("\n");
      writeResults(join(ROOT, "BENCHMARKS.md"), "web", section, "## Web client size: what a first visit loads");
      console.error("[bench:web] BENCHMARKS.md updated");
    }
    return { ok };
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.main) await runMain(benchWeb);
