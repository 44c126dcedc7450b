// Tokens reach error messages and logs by many roads (a server echoing a header,
// a proxy page, a caller's own string). Scrubbing at every exit is cheaper than
// proving no road exists.

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Authorization header values, in any spelling a proxy or log might use.
  [/\b(Bearer|Basic|Token)\s+[^\s",;]+/gi, "$1 [redacted]"],
  // JWTs: three base64url parts, the first one a JSON object ("eyJ" = '{"').
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, "[redacted jwt]"],
  // User API Keys.
  [/\boag_[\w-]+/g, "oag_[redacted]"],
];

/** Removes bearer tokens, JWTs, `oag_` keys and the given secrets from a text. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short secrets would blank out ordinary words; the patterns above cover real tokens.
    if (secret.length >= 8) out = out.split(secret).join("[redacted]");
  }
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Deep copy of a JSON-like value with every string redacted. */
export function redactValue<T>(value: T, secrets: readonly string[] = []): T {
  if (typeof value === "string") return redact(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, secrets)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, secrets);
    return out as T;
  }
  return value;
}
