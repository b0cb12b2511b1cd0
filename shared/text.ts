/**
 * Text people type is kept as typed, minus control characters: nobody means them, and Postgres
 * refuses NUL in a text value (a NUL reaching a query was a 500 there, found by the fuzz suite).
 * Use with zod's `.overwrite()`, which keeps a string schema a string schema (`.trim()`, `.max()`…).
 */

/** One line (names, titles): each run of control characters, line breaks included, becomes a space. */
export const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, " ");

/** Several lines (bio, captions): CRLF to LF; control characters other than LF and TAB are dropped. */
export const multiLine = (s: string) => s.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
