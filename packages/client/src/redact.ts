// Tokens reach error messages and logs by many roads (a server echoing a header,
// a proxy page, a caller's own string). Scrubbing at every exit is cheaper than
// proving no road exists. Only what looks like a credential is touched, so prose
// such as "the bearer token is invalid" or "Basic tier" reads as written.

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // JWTs: three base64url parts, the first one a JSON object ("eyJ" = '{"').
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, "[redacted jwt]"],
  // User API Keys.
  [/\boag_[\w-]+/g, "oag_[redacted]"],
];

// An Authorization-style value: a scheme name, then whatever follows up to a separator.
const SCHEME_VALUE = /\b(Bearer|Basic|Token)\s+([^\s",;]+)/gi;

/**
 * The word after a scheme name, redacted when it is a credential rather than prose: at
 * least 8 characters (trailing punctuation aside) with a digit, a base64 symbol, or a
 * capital after the first letter. Random keys of that length almost always have one.
 */
function schemeValue(match: string, scheme: string, value: string): string {
  const word = value.replace(/[.,:;!?)\]}'"]+$/, "");
  return word.length >= 8 && /[\d+/=]|.[A-Z]/.test(word) ? `${scheme} [redacted]${value.slice(word.length)}` : match;
}

// Characters that make a short secret part of a longer word rather than a token of its own.
const WORD_CHAR = /[A-Za-z0-9_]/;
// Secrets this long are scrubbed even inside other text: such a run is no coincidence.
const ANYWHERE_LENGTH = 8;

/** Replaces every occurrence of `secret`; short secrets only where they stand alone. */
function scrub(text: string, secret: string): string {
  const anywhere = secret.length >= ANYWHERE_LENGTH;
  let out = "";
  let from = 0;
  for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
    const end = at + secret.length;
    if (!anywhere && (WORD_CHAR.test(text[at - 1] ?? "") || WORD_CHAR.test(text[end] ?? ""))) continue;
    if (at < from) continue; // overlaps the previous match
    out += `${text.slice(from, at)}[redacted]`;
    from = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The forms a secret takes in URLs and JSON text, besides itself. */
function forms(secret: string): string[] {
  const all = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  return [...all].filter((s) => s !== "");
}

/**
 * Removes JWTs, `oag_` keys, credential-looking values after Bearer/Basic/Token,
 * and every exact occurrence of the given secrets (the configured token), whatever their length.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) for (const form of forms(secret)) out = scrub(out, form);
  out = out.replace(SCHEME_VALUE, schemeValue);
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Deep copy of a JSON-like value with every string (keys too) redacted. */
export function redactValue<T>(value: T, secrets: readonly string[] = []): T {
  if (typeof value === "string") return redact(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, secrets)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redact(k, secrets)] = redactValue(v, secrets);
    return out as T;
  }
  return value;
}
