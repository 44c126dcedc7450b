// The sandbox target as a test file sees it: a client through Prism's validating proxy
// that turns any `sl-violations` entry into a failure naming the rule, a token of the
// file's own (tokens scope data, so files never see each other's resources), and the
// ids of the resources a scenario made, bound to path parameters by the collection
// segment that precedes each one in the spec's path (`/agents/{agentId}` → agents).
import { randomUUID } from "node:crypto";
import { BeeosApiError, type BeeosClient } from "@beeos/client";
import { inject } from "vitest";
import { call, recordingClient, violationsOf } from "./harness.js";
import { sampleValue, validInput, type ClientInput } from "./scenarios.js";
import type { Operation, SpecModel } from "./spec.js";
import type { SandboxTarget } from "./sandbox-setup.js";

export const sandboxTarget = (which: "fast" | "slow" = "fast"): SandboxTarget => inject(which === "fast" ? "contractSandbox" : "contractSlowSandbox");

/** A fresh, well-formed bearer token: a data scope of its own in the sandbox. */
export const freshToken = (label: string): string => `oag_contract_${label.replace(/\W+/g, "_")}_${randomUUID().replace(/-/g, "")}`;

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface SandboxClient {
  client: BeeosClient;
  token: string;
  /**
   * Calls an operation through the proxy and returns what came back, a documented error
   * included; throws when Prism flagged the exchange or the status is not documented.
   */
  call(op: Operation, input: ClientInput): Promise<Answer>;
}

export function sandboxClient(label: string, which: "fast" | "slow" = "fast"): SandboxClient {
  const token = freshToken(label);
  const { client, last } = recordingClient(sandboxTarget(which).proxyUrl, token);
  return {
    client,
    token,
    async call(op, input) {
      let body: unknown;
      let status: number;
      try {
        body = await call(client, op, input);
        status = last().status;
      } catch (error) {
        if (!(error instanceof BeeosApiError)) throw error;
        body = error.body;
        status = error.status;
      }
      const response = last();
      const flagged = violationsOf(response.headers);
      const problems = (body as { validation?: unknown[] } | undefined)?.validation;
      if (flagged.length > 0 || (status === 500 && Array.isArray(problems))) {
        throw new Error(`${op.operationId} → ${status}: Prism's proxy found the exchange off-spec: ${JSON.stringify(flagged.length > 0 ? flagged : problems)}`);
      }
      const documented = op.responses.flatMap((r) => r.statuses);
      if (!documented.includes(status)) throw new Error(`${op.operationId} answered ${status}, which it does not document (${documented.join(", ")}): ${JSON.stringify(body)}`);
      return { status, body, headers: response.headers };
    },
  };
}

/** The collection a path parameter belongs to: the literal segment just before it. */
export function collectionOf(op: Operation, param: string): string {
  const segments = op.path.split("/");
  const at = segments.indexOf(`{${param}}`);
  const before = at > 0 ? segments[at - 1] : undefined;
  if (!before || before.startsWith("{")) throw new Error(`${op.operationId}: path parameter ${param} follows no collection segment (${op.path})`);
  return before;
}

/** Ids a scenario made, by collection (`instances`, `agents`, `tasks`, …). */
export type Ids = Record<string, string | undefined>;

/**
 * The operation's example input with every path parameter bound to a resource the
 * scenario made, and `body` (when given) in place of the example body.
 */
export function inputFor(spec: SpecModel, op: Operation, ids: Ids, body?: unknown): ClientInput {
  const input = validInput(spec, op);
  // Optional query parameters are filters: their examples together would match nothing a
  // scenario made, so only the required ones keep their example; a step adds what it means.
  const optional = new Set(op.parameters.filter((p) => p.in === "query" && !p.required).map((p) => p.name));
  if (input.query) {
    for (const name of optional) delete input.query[name];
    if (Object.keys(input.query).length === 0) delete input.query;
  }
  const path: Record<string, unknown> = {};
  for (const p of op.parameters.filter((q) => q.in === "path")) {
    const collection = collectionOf(op, p.name);
    const id = ids[collection];
    if (id === undefined) throw new Error(`${op.operationId} needs a ${collection} id for {${p.name}}, and no earlier step made one`);
    path[p.name] = id;
  }
  if (Object.keys(path).length > 0) input.path = path;
  if (op.requestBody) input.body = body ?? op.requestBody.examples[0]?.value ?? sampleValue(spec.document, op.requestBody.schema);
  // Headers the spec marks required are filled by validInput with their examples; an
  // idempotency key must be fresh per call, or a second scenario would replay the first.
  for (const name of Object.keys(input.headers ?? {})) if (/^idempotency-key$/i.test(name)) input.headers![name] = randomUUID();
  return input;
}

/** The operation with this id, or an error naming it (the spec lost it). */
export function operation(spec: SpecModel, operationId: string): Operation {
  const op = spec.operations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`the spec has no operation ${operationId}`);
  return op;
}

/** A running, non-phone instance of the token's own (seeded) ones and its agent: where tasks and runtime calls can run. */
export async function runningComputer(spec: SpecModel, sc: SandboxClient): Promise<{ instanceId: string; agentId: string }> {
  const instances = (await sc.call(operation(spec, "listInstances"), { query: { pageSize: 200 } })).body as { data?: Array<{ id: string; status: string; osType: string }> };
  const agents = (await sc.call(operation(spec, "listAgents"), { query: { limit: 100 } })).body as { data?: Array<{ id: string; instanceId?: string }> };
  for (const instance of instances.data ?? []) {
    if (instance.status !== "running" || instance.osType === "android") continue;
    const agent = agents.data?.find((a) => a.instanceId === instance.id);
    if (agent) return { instanceId: instance.id, agentId: agent.id };
  }
  throw new Error(`the token has no running computer instance with an agent: ${JSON.stringify(instances.data?.map((i) => [i.id, i.status, i.osType]))}`);
}
