/**
 * "zod" in the web build (web/vite.config.ts points the bare specifier here): zod itself, with
 * jitless set before any module that imports it makes a schema. zod 4 probes once, when the first
 * object schema is made, whether it may compile parsers with `Function(...)`; under our CSP (no
 * 'unsafe-eval') that probe is a reported violation. jitless skips the probe and the compiled
 * fast path (parsing stays correct). Being the module every schema imports, this runs first
 * wherever zod is first needed — a lazy page, never the first load (bench/web.ts).
 */
import { z } from "zod/v4";

z.config({ jitless: true });

export * from "zod/v4";
export { z, z as default };
