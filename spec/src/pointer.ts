// JSON Pointers (RFC 6901) into the bundled document. The only place in the
// workspace that escapes or unescapes a pointer token.

/** Escapes one reference token: `~` becomes `~0`, `/` becomes `~1`. */
export const escapeToken = (token: string): string => token.replace(/~/g, "~0").replace(/\//g, "~1");

export const unescapeToken = (token: string): string => token.replace(/~1/g, "/").replace(/~0/g, "~");

/** `#/paths/~1api~1v1~1instances/get` from `("paths", "/api/v1/instances", "get")`. */
export const pointerOf = (...tokens: readonly (string | number)[]): string =>
  `#/${tokens.map((t) => escapeToken(String(t))).join("/")}`;

/** The tokens of a `#/a/b` pointer, unescaped. */
export function tokensOf(pointer: string): string[] {
  if (pointer === "#" || pointer === "#/") return [];
  if (!pointer.startsWith("#/")) throw new Error(`${JSON.stringify(pointer)} is not a local JSON pointer (it must start with "#/")`);
  return pointer.slice(2).split("/").map(unescapeToken);
}

/** The value a local pointer names, or undefined when nothing is there. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  let at: unknown = document;
  for (const token of tokensOf(pointer)) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[token];
  }
  return at;
}
