/**
 * The albums' limits and visibilities, without zod: web pages that only show them import them from
 * here, so zod loads only with a form that checks its input (bench/web.ts); shared/albums.ts
 * re-exports them with its schemas.
 */
export const ALBUM_LIMITS = { titleMax: 100, themeMax: 100, captionMax: 500, photosPerAlbum: 500, addAtOnce: 50 } as const;
export const ALBUM_VISIBILITY = ["everyone", "friends", "only_me"] as const;
export type AlbumVisibility = (typeof ALBUM_VISIBILITY)[number];
