/**
 * The web build's manifest (dist/web/.vite/manifest.json, written because web/vite.config.ts sets
 * `build.manifest`; never served): which built file is which module. Built files are named by their
 * hash alone (ADR 0036), so bench:web and the browser tests ask it which file a module or a named
 * group ("app", "chat-view") became.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ManifestChunk {
  file: string;
  /** The chunk's name: a named group's ("chat-view"), else Vite's for the module. */
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
/** Keyed by entry module ("src/i18n/all-words.ts") or, for a shared chunk, "_<file name>". */
export type BuildManifest = Record<string, ManifestChunk>;

/** The manifest of a build in `dir` (dist/web, or bench:web's temporary folder). */
export function readBuildManifest(dir: string): BuildManifest {
  const file = join(dir, ".vite/manifest.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: build the web client (bun run build:web); build.manifest must be on in web/vite.config.ts`);
  return JSON.parse(readFileSync(file, "utf8")) as BuildManifest;
}

/** A chunk by its entry module ("src/i18n/all-words.ts") or by the name of a group the build config makes ("chat-view"). */
export function chunkOf(manifest: BuildManifest, srcOrName: string): ManifestChunk | undefined {
  return manifest[srcOrName] ?? Object.values(manifest).find((c) => c.name === srcOrName && c.file.endsWith(".js"));
}

/** What a chunk is, in a few words: its entry module, or its name for a shared chunk. */
export const chunkLabel = (chunk: ManifestChunk) => chunk.src ?? `${chunk.name ?? "?"} (shared)`;
