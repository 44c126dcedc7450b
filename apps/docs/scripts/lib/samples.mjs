// @ts-check
// Code samples for the reference: the TypeScript one is the client's example
// program for the operation, the curl one is derived from the spec. Every call an
// example makes on the client is checked against the spec, so an example can never
// show an operation or a path that the API no longer has.
import { EVENT_STREAM, HTTP_METHODS, jsonMedia, successResponses } from "@beeos/spec";
import ts from "typescript";

const HTTP_MEMBERS = new Set(HTTP_METHODS.map((m) => m.toUpperCase()));

/**
 * @typedef {import("./spec.mjs").Json} Json
 * @typedef {import("./spec.mjs").Operation} Operation
 * @typedef {import("@beeos/spec").SpecParameter} Parameter
 * @typedef {{ file: string, source: string }} ExampleFile
 * @typedef {{ member: string, arg: string | undefined, literalArg: boolean, line: number, column: number }} ClientCall
 */

/**
 * The calls a program makes on clients it creates with `createBeeosClient(...)`.
 * @param {string} file
 * @param {string} source
 * @returns {{ clients: string[], calls: ClientCall[] }}
 */
export function clientCalls(file, source) {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  /** @type {Set<string>} */
  const clients = new Set();
  /** @type {ClientCall[]} */
  const calls = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isCreateClient(node.initializer)) {
      clients.add(node.name.text);
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      clients.has(node.expression.expression.text)
    ) {
      const first = node.arguments[0];
      const literalArg = first !== undefined && ts.isStringLiteralLike(first);
      const at = sf.getLineAndCharacterOfPosition(node.expression.name.getStart(sf));
      calls.push({
        member: node.expression.name.text,
        arg: literalArg ? /** @type {ts.StringLiteralLike} */ (first).text : undefined,
        literalArg,
        line: at.line + 1,
        column: at.character + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { clients: [...clients], calls };
}

/** @param {ts.Expression} expr */
function isCreateClient(expr) {
  while (ts.isAwaitExpression(expr) || ts.isParenthesizedExpression(expr)) expr = expr.expression;
  return ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === "createBeeosClient";
}

/**
 * Matches the example programs with the spec's operations.
 * - A file named `<operationId>.ts` is that operation's TypeScript sample and must call it
 *   (by name, with paginate, or by its method and path).
 * - Any other file must be included by a guide.
 * - Every call on the client must name an operation (or a method and path) of the spec.
 * An operation without a sample is no mistake: it gets a note, and the reference shows
 * its curl sample only.
 * @param {{ operations: Operation[], examples: ExampleFile[], clientMembers: string[], includedByGuides: Set<string>, examplesLabel: string }} input
 * @returns {{ samples: Map<string, string>, problems: string[], notes: string[] }}
 */
export function matchExamples({ operations, examples, clientMembers, includedByGuides, examplesLabel }) {
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  const byRoute = new Map(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op.operationId]));
  const members = new Set(clientMembers);
  /** @type {Map<string, string>} */
  const samples = new Map();
  /** @type {string[]} */
  const problems = [];

  for (const { file, source } of examples) {
    const where = `${examplesLabel}/${file}`;
    const { clients, calls } = clientCalls(file, source);
    /** @type {Set<string>} */
    const called = new Set();
    for (const call of calls) {
      const at = `${where}:${call.line}:${call.column}`;
      if (HTTP_MEMBERS.has(call.member)) {
        if (!call.literalArg) problems.push(`${at}: ${call.member}() needs a literal path, so that the docs can check it against the spec`);
        else if (!byRoute.has(`${call.member} ${call.arg}`)) problems.push(`${at}: ${call.member} ${call.arg} is not an operation of the spec`);
        else called.add(/** @type {string} */ (byRoute.get(`${call.member} ${call.arg}`)));
      } else if (call.member === "paginate") {
        if (!call.literalArg) problems.push(`${at}: paginate() needs a literal operationId, so that the docs can check it against the spec`);
        else if (!byId.has(/** @type {string} */ (call.arg))) problems.push(`${at}: paginate("${call.arg}") names no operation of the spec`);
        else called.add(/** @type {string} */ (call.arg));
      } else if (byId.has(call.member)) {
        called.add(call.member);
      } else if (!members.has(call.member)) {
        problems.push(`${at}: ${call.member}() is no operation of the spec (and no method of the client)`);
      }
    }

    const name = file.replace(/\.ts$/, "");
    if (byId.has(name)) {
      if (clients.length === 0) problems.push(`${where}: the sample of ${name} creates no client with createBeeosClient()`);
      else if (!called.has(name)) problems.push(`${where}: the sample of ${name} never calls ${name}`);
      samples.set(name, source);
    } else if (!includedByGuides.has(file)) {
      problems.push(`${where}: no operation of the spec is named ${name} and no guide includes this file; rename it after an operationId or include it in a guide`);
    }
  }

  const notes = operations
    .filter((op) => !samples.has(op.operationId))
    .map((op) => `${op.operationId}: no TypeScript sample, since there is no ${examplesLabel}/${op.operationId}.ts; the reference shows the curl sample only`);
  return { samples, problems, notes };
}

/** @param {string} text */
const shellQuote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The longest first line (`curl`, its flags and the URL) before the URL moves to a line of its own. */
const MAX_HEAD = 80;

/** Header parameters OpenAPI ignores: curl sets them from the sample's other options. */
const IMPLIED_HEADERS = new Set(["accept", "content-type", "authorization"]);

/**
 * The query parameters a curl sample shows: every required one, and at most one optional
 * one to illustrate the rest, preferring a filter to a paging parameter.
 * @param {Json} spec
 * @param {Operation} op
 */
function sampleQuery(spec, op) {
  const query = op.parameters.filter((p) => p.in === "query");
  const paging = new Set(Object.entries(op.pagination ?? {}).flatMap(([key, name]) => (key.endsWith("Param") ? [name] : [])));
  const optional = query.filter((p) => !p.required && p.example !== undefined);
  const illustrative = optional.find((p) => !paging.has(p.name)) ?? optional.find((p) => p.name === op.pagination?.sizeParam);
  return query.filter((p) => p.required || p === illustrative);
}

/**
 * A file name for a binary response: the operationId and the media type's subtype.
 * @param {string} operationId
 * @param {string} mediaType
 */
function outputFile(operationId, mediaType) {
  const subtype = /^[\w-]+\/([a-z0-9]+)$/i.exec(mediaType)?.[1];
  return `${operationId}.${subtype?.toLowerCase() ?? "bin"}`;
}

/**
 * The request body options of a curl sample: the JSON body's first example (`{}` when it
 * has none), a form's fields, or a file for any other media type.
 * @param {Operation} op
 * @param {(text: string) => void} note
 * @returns {string[]}
 */
function bodyOptions(op, note) {
  const content = op.requestBody?.content ?? [];
  const json = jsonMedia(content);
  const media = json ?? content[0];
  if (!media) return [];
  const type = `-H ${shellQuote(`Content-Type: ${media.mediaType}`)}`;
  const example = media.examples[0]?.value;
  if (json) {
    if (example === undefined && op.requestBody?.required) note(`the JSON request body has no example, so the curl sample sends {}`);
    return example === undefined && op.method === "get" ? [] : [type, `-d ${shellQuote(JSON.stringify(example ?? {}, null, 2))}`];
  }
  const form = { "multipart/form-data": "-F", "application/x-www-form-urlencoded": "--data-urlencode" }[media.mediaType];
  if (form && example && typeof example === "object") {
    return Object.entries(example).map(([name, value]) => `${form} ${shellQuote(`${name}=${typeof value === "string" ? value : JSON.stringify(value)}`)}`);
  }
  if (form) note(`the ${media.mediaType} request body has no example object, so the curl sample sends no fields`);
  return form ? [] : [type, `--data-binary ${shellQuote(`@${outputFile("body", media.mediaType)}`)}`];
}

/**
 * How a curl sample takes the response: unbuffered for an event stream, into a file for
 * a binary one, as it comes for JSON and text.
 * @param {Operation} op
 * @returns {{ flags: string[], lines: string[] }}
 */
function responseOptions(op) {
  if (op.stream) return { flags: ["-N"], lines: [`-H ${shellQuote(`Accept: ${EVENT_STREAM}`)}`] };
  const content = (successResponses(op)[0] ?? op.responses.find((r) => r.status === "default"))?.content ?? [];
  const media = content[0];
  if (!media || jsonMedia(content) || /^text\//.test(media.mediaType)) return { flags: [], lines: [] };
  return { flags: [], lines: [`-H ${shellQuote(`Accept: ${media.mediaType}`)}`, `-o ${shellQuote(outputFile(op.operationId, media.mediaType))}`] };
}

/**
 * A curl command for an operation, from the spec: the first server (or `options.server`),
 * the required parameters and at most one optional query parameter with their first
 * examples, the JSON body's first example, the bearer token from the environment, and
 * `-N` for an event stream; one option a line, continued with `\`. A required value the
 * spec gives no example of shows as `<name>`, with a note.
 * @param {Json} spec
 * @param {Operation} op
 * @param {(text: string) => void} [note] receives what the sample cannot show well
 * @param {{ server?: string, token?: string }} [options] `token`: the shell word after
 *   `Bearer ` (default `$BEEOS_API_KEY`)
 */
export function curlSample(spec, op, note = () => {}, options = {}) {
  const server = String(options.server ?? spec.servers?.[0]?.url ?? "").replace(/\/+$/, "");
  const token = options.token ?? "$BEEOS_API_KEY";
  const method = op.method.toUpperCase();
  /** @param {Parameter} param @param {(text: string) => string} [encode] */
  const value = (param, encode = (text) => text) => {
    const example = param.example;
    if (example !== undefined) return encode(String(example));
    note(`the ${param.in} parameter ${param.name} has no example, so the curl sample shows <${param.name}>`);
    return `<${param.name}>`;
  };
  let path = op.path;
  /** @type {string[]} */
  const lines = [];
  const security = op.operation.security ?? spec.security ?? [];
  if (security.length > 0) lines.push(`-H "Authorization: Bearer ${token}"`);
  for (const param of op.parameters) {
    if (param.in === "path") {
      path = path.replace(`{${param.name}}`, value(param, encodeURIComponent));
    } else if (param.in === "header" && param.required && !IMPLIED_HEADERS.has(param.name.toLowerCase())) {
      lines.push(`-H ${shellQuote(`${param.name}: ${value(param)}`)}`);
    } else if (param.in === "cookie" && param.required) {
      lines.push(`-b ${shellQuote(`${param.name}=${value(param)}`)}`);
    }
  }
  const query = new URLSearchParams(sampleQuery(spec, op).map((p) => [p.name, value(p)]));
  // A GET spells its query one parameter per line (-G), which reads better than one long URL.
  const useG = method === "GET" && query.size > 0;
  const url = server + path + (!useG && query.size > 0 ? `?${query}` : "");
  const { flags, lines: accept } = responseOptions(op);
  const verb = useG ? ["-G"] : method === "HEAD" ? ["-I"] : ["-X", method];
  let head = ["curl", ...flags, ...verb, shellQuote(url)].join(" ");
  // A long URL gets a line of its own, so that no line runs past a narrow code panel.
  if (head.length > MAX_HEAD) {
    head = ["curl", ...flags, ...verb].join(" ");
    lines.unshift(shellQuote(url));
  }
  if (useG) for (const [name, text] of query) lines.push(`--data-urlencode ${shellQuote(`${name}=${text}`)}`);
  lines.push(...bodyOptions(op, note), ...accept);
  return [head, ...lines].join(" \\\n  ");
}
