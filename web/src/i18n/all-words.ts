/**
 * Every Ukrainian word at once: loaded only when t() meets a key whose group has not arrived with
 * the code (a reason only the server names; web/words-plugin.ts, ADR 0026), and by code that runs
 * without the build's plugin (bun test).
 */
import { featureUk } from "./features.ts";
import { addWords } from "./index.ts";
import { uk } from "./uk.ts";

addWords({ ...uk, ...featureUk }, true);
