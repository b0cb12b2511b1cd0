/**
 * The profiles' limits, without zod: web pages that only show them import them from here, so zod
 * loads only with a form that checks its input (bench/web.ts); shared/profiles.ts re-exports them
 * with its schemas.
 */
export const PROFILE_LIMITS = { bioMax: 500, minBirthYear: 1900 } as const;
