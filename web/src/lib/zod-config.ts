/**
 * Imported first by index.tsx. zod 4 probes once whether it may compile parsers with
 * `Function(...)`; under our CSP (no 'unsafe-eval') that probe is a reported violation on every
 * page load. jitless skips the probe and the compiled fast path (parsing stays correct).
 */
import { z } from "zod";

z.config({ jitless: true });
