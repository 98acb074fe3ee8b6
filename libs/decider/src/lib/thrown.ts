/**
 * What was thrown, read without assuming it is an `Error`: anything can be thrown, and an error made in another realm
 * (Node's fs errors under Jest's module sandbox) is not `instanceof Error` there, though it has a message and a code.
 */

/** The message of what was thrown: an error's message, or the thrown value as text. */
export function messageOf(thrown: unknown): string {
  return typeof thrown === 'object' && thrown !== null && 'message' in thrown && typeof thrown.message === 'string'
    ? thrown.message
    : String(thrown);
}

/** The code an error carries (Node's `ENOENT`, PostgreSQL's SQLSTATE), if it carries one. */
export function codeOf(thrown: unknown): unknown {
  return typeof thrown === 'object' && thrown !== null && 'code' in thrown ? thrown.code : undefined;
}
