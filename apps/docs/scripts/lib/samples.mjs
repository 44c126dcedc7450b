// @ts-check
// Code samples for the reference: the TypeScript one is the client's example
// program for the operation, the curl one is derived from the spec. Every call an
// example makes on the client is checked against the spec, so an example can never
// show an operation or a path that the API no longer has.
import ts from "typescript";
import { deref, firstExample } from "./spec.mjs";

const HTTP_MEMBERS = new Set(["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]);

/**
 * @typedef {import("./spec.mjs").Json} Json
 * @typedef {import("./spec.mjs").Operation} Operation
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
 * - A file named `<operationId>.ts` is that operation's TypeScript sample and must call it.
 * - Any other file must be included by a guide.
 * - Every operation needs a sample.
 * - Every call on the client must name an operation (or a method and path) of the spec.
 * @param {{ operations: Operation[], examples: ExampleFile[], clientMembers: string[], includedByGuides: Set<string>, examplesLabel: string }} input
 * @returns {{ samples: Map<string, string>, problems: string[] }}
 */
export function matchExamples({ operations, examples, clientMembers, includedByGuides, examplesLabel }) {
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  const routes = new Set(operations.map((op) => `${op.method} ${op.path}`));
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
        else if (!routes.has(`${call.member} ${call.arg}`)) problems.push(`${at}: ${call.member} ${call.arg} is not an operation of the spec`);
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
    const op = byId.get(name);
    if (op) {
      if (clients.length === 0) problems.push(`${where}: the sample of ${name} creates no client with createBeeosClient()`);
      else if (!called.has(name)) problems.push(`${where}: the sample of ${name} never calls ${name}`);
      samples.set(name, source);
    } else if (!includedByGuides.has(file)) {
      problems.push(`${where}: no operation of the spec is named ${name} and no guide includes this file; rename it after an operationId or include it in a guide`);
    }
  }

  for (const op of operations) {
    if (!samples.has(op.operationId)) {
      problems.push(`${op.operationId} (${op.method} ${op.path}) has no TypeScript sample: add ${examplesLabel}/${op.operationId}.ts`);
    }
  }
  return { samples, problems };
}

/** @param {string} text */
const shellQuote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A curl command for an operation, from the spec: the first server, example values for
 * path, query and header parameters, the first request body example, and the bearer token
 * from the environment.
 * @param {Json} spec
 * @param {Operation} op
 */
export function curlSample(spec, op) {
  const server = String(spec.servers?.[0]?.url ?? "").replace(/\/+$/, "");
  const params = op.parameters;
  let path = op.path;
  /** @type {string[]} */
  const lines = [];
  const query = new URLSearchParams();
  for (const param of params) {
    const value = firstExample(spec, param) ?? firstExample(spec, param.schema);
    if (param.in === "path") {
      path = path.replace(`{${param.name}}`, encodeURIComponent(String(value ?? `<${param.name}>`)));
    } else if (param.in === "query" && value !== undefined) {
      query.append(param.name, String(value));
    } else if (param.in === "header" && value !== undefined) {
      lines.push(`-H ${shellQuote(`${param.name}: ${value}`)}`);
    }
  }
  // A GET spells its query one parameter per line (-G), which reads better than one long URL.
  const useG = op.method === "GET" && query.size > 0;
  const url = server + path + (!useG && query.size > 0 ? `?${query}` : "");
  const head = `curl ${useG ? "-G" : `-X ${op.method}`} ${shellQuote(url)}`;
  if (useG) for (const [name, value] of query) lines.push(`--data-urlencode ${shellQuote(`${name}=${value}`)}`);
  const security = op.operation.security ?? spec.security ?? [];
  if (security.length > 0) lines.unshift(`-H "Authorization: Bearer $BEEOS_API_KEY"`);
  const media = deref(spec, op.operation.requestBody ?? {})?.content?.["application/json"];
  const body = firstExample(spec, media);
  if (body !== undefined) {
    lines.push(`-H 'Content-Type: application/json'`, `-d ${shellQuote(JSON.stringify(body, null, 2))}`);
  } else if (media && op.method !== "GET") {
    lines.push(`-H 'Content-Type: application/json'`, `-d '{}'`);
  }
  return [head, ...lines].join(" \\\n  ");
}

