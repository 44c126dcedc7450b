// Seeds: what a token's space holds before its first request. Resources are given in the
// spec's wire shapes; missing fields are filled from the spec's own examples, so a seed can
// be as short as `{ "name": "phone-1" }`.
import { readFileSync } from "node:fs";
import { examplesOf, successResponses, jsonMedia } from "@beeos/spec";
import { specModel } from "./spec.js";
import { newId, newUuid, nextSeq, type MessageRec, type Obj, type Space, type WebhookRec } from "./state.js";
import { isoAt, nowIso } from "./clock.js";
import type { SandboxSeed, SeedResources } from "./types.js";

/** The first example of an operation's success JSON body (`data` when it is enveloped). */
export function exampleOf(operationId: string): any {
  const { document, byId } = specModel();
  const op = byId.get(operationId);
  if (!op) throw new Error(`the spec has no operation ${operationId}`);
  for (const response of successResponses(op.op)) {
    const media = jsonMedia(response.content);
    const first = media ? examplesOf(document, media)[0] : undefined;
    if (first) return structuredClone(first.value);
  }
  throw new Error(`the spec has no success example for ${operationId}`);
}

const dataOf = (operationId: string): any => {
  const body = exampleOf(operationId);
  return body && typeof body === "object" && "data" in body ? body.data : body;
};

/** A handful of believable instances, as a new user of `pnpm start` should see. */
export function defaultSeed(): SandboxSeed {
  const created = Date.parse("2026-05-14T18:00:00Z");
  const rows: [string, string, string, string, string][] = [
    // name, osType, status, providerId, agentFramework
    ["my-agent-1", "android", "running", "device-farm", "device-agent"],
    ["pixel-8-lab", "android", "stopped", "device-farm", "device-agent"],
    ["research-desk", "linux", "running", "openclaw-k8s", "openclaw"],
    ["release-notes-writer", "linux", "running", "openclaw-k8s", "openclaw"],
    ["design-review-mac", "mac", "stopped", "openclaw-k8s", "computer-agent"],
    ["windows-qa-runner", "windows", "provisioning", "openclaw-k8s", "computer-agent"],
  ];
  return {
    shared: {
      instances: rows.map(([name, osType, status, providerId, agentFramework], i) => ({
        id: i === 0 ? "instance_abc123" : `instance_${name.replace(/[^a-z0-9]/g, "")}`,
        name,
        osType,
        status,
        desiredStatus: status === "provisioning" ? "running" : status,
        providerId,
        agentFramework,
        modelPrimary: osType === "android" ? "autoglm-phone" : "claude-sonnet",
        models: osType === "android" ? ["autoglm-phone"] : ["claude-sonnet"],
        createdAt: isoAt(created + i * 86_400_000),
      })),
      ...exampleResources(),
    },
  };
}

/**
 * The spec's own examples as data, so the ids the docs and examples use (`task_abc123`,
 * `conv_abc123`, `webhook_abc123`, `file_abc123`, the runtime operation) exist.
 */
function exampleResources(): Omit<SeedResources, "instances"> {
  const task = dataOf("getTask");
  const taskMessages = dataOf("listTaskMessages").messages as Obj[];
  const reply = taskMessages.find((m) => m.type === "agent_reply");
  const hooks = (dataOf("listTaskWebhooks").webhooks as Obj[]).filter((w) => w.webhook_id === "webhook_abc123");
  const deliveries = dataOf("listWebhookDeliveries").deliveries as Obj[];
  const conversation = dataOf("getConversation");
  // The example operation stays running until someone cancels it (a long install, for demos).
  const operation = exampleOf("getRuntimeOperation");
  const steps = Number(operation.sequence ?? 0);
  return {
    tasks: [
      {
        ...task,
        status: "completed",
        completed_at: String(reply?.updated_at ?? reply?.created_at ?? task.created_at),
        result: { text: String(reply?.body ?? "") },
        messages: taskMessages,
        // Loopback, so a redelivery is really attempted (and, with nothing listening, fails).
        webhooks: hooks.map((w) => ({ ...w, url: "http://127.0.0.1:9/beeos/tasks", secret: "whsec_sandbox_example_0001", deliveries: deliveries.filter((d) => d.webhook_id === w.webhook_id) })),
      },
    ],
    conversations: [{ ...conversation, messages: dataOf("listConversationMessages").messages }],
    files: [dataOf("getFile")],
    operations: [
      {
        ...operation,
        events: Array.from({ length: steps }, (_, i) => ({
          type: "runtime_operation_progress",
          payload: i === 0 ? { claimedAt: operation.createdAt, executionMode: "start", phase: "claimed" } : { phase: i === steps - 1 ? "downloading" : "resolving", current: i + 1, total: 5 },
        })),
      },
    ],
  };
}

export function readSeed(seed: string | SandboxSeed | undefined): SandboxSeed {
  if (seed === undefined) return defaultSeed();
  if (typeof seed !== "string") return checkSeed(seed, "the seed object");
  let text: string;
  try {
    text = readFileSync(seed, "utf8");
  } catch (error) {
    throw new Error(`cannot read the seed file ${seed}: ${(error as Error).message}`);
  }
  try {
    return checkSeed(JSON.parse(text), `the seed file ${seed}`);
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`the seed file ${seed} is not valid JSON: ${error.message}`);
    throw error;
  }
}

const KINDS = ["instances", "agents", "tasks", "conversations", "files", "operations"] as const;

function checkSeed(seed: unknown, where: string): SandboxSeed {
  if (!seed || typeof seed !== "object" || Array.isArray(seed)) throw new Error(`${where} must be an object with \`shared\` and/or \`tokens\``);
  const s = seed as SandboxSeed;
  for (const key of Object.keys(s)) {
    if (key !== "shared" && key !== "tokens") throw new Error(`${where}: unknown key \`${key}\` (expected \`shared\` or \`tokens\`)`);
  }
  const checkResources = (r: unknown, at: string) => {
    if (!r || typeof r !== "object" || Array.isArray(r)) throw new Error(`${where}: \`${at}\` must be an object`);
    for (const [kind, list] of Object.entries(r)) {
      if (!(KINDS as readonly string[]).includes(kind)) throw new Error(`${where}: unknown key \`${at}.${kind}\` (expected one of ${KINDS.join(", ")})`);
      if (!Array.isArray(list) || list.some((x) => !x || typeof x !== "object")) throw new Error(`${where}: \`${at}.${kind}\` must be an array of objects`);
    }
  };
  if (s.shared !== undefined) checkResources(s.shared, "shared");
  if (s.tokens !== undefined) {
    if (typeof s.tokens !== "object") throw new Error(`${where}: \`tokens\` must be an object`);
    for (const [token, r] of Object.entries(s.tokens)) checkResources(r, `tokens.${token}`);
  }
  return s;
}

/** Fills a space from seed resources, filling gaps from the spec's examples. */
export function plant(space: Space, resources: SeedResources | undefined): void {
  if (!resources) return;
  const instanceExample = dataOf("getInstance");
  const agentExample = dataOf("getAgent");
  for (const given of resources.instances ?? []) {
    const instance = makeInstance(space, instanceExample, given);
    space.instances.set(instance.id, instance);
    const hasAgent = (resources.agents ?? []).some((a) => a.instanceId === instance.id);
    if (!hasAgent) {
      const agent = makeAgent(agentExample, { id: `agent_${instance.id.replace(/^instance_/, "")}`, instanceId: instance.id, name: instance.name });
      space.agents.set(agent.id, agent);
    }
  }
  for (const given of resources.agents ?? []) {
    const agent = makeAgent(agentExample, given);
    space.agents.set(agent.id, agent);
  }
  for (const given of resources.files ?? []) {
    const file = { file_id: newId("file"), ...given } as Obj & { file_id: string };
    space.files.set(file.file_id, file);
  }
  for (const given of resources.tasks ?? []) {
    const { messages = [], webhooks = [], ...fields } = given as Obj & { messages?: Obj[]; webhooks?: Obj[] };
    const agentId = String(fields.agent_id ?? [...space.agents.keys()][0] ?? "");
    const agent = space.agents.get(agentId);
    if (!agent) throw new Error(`seed task ${String(fields.task_id ?? "")} names agent \`${agentId}\`, which the seed does not have`);
    const task = { task_id: newId("task"), caller_id: space.ownerId, status: "completed", created_at: nowIso(), ...fields, agent_id: agentId } as any;
    const log = messages.map((m, i) => ({ message_id: newId("msg"), offset: i + 1, type: "chat_message", ...m })) as MessageRec[];
    space.tasks.set(task.task_id, {
      task,
      seq: nextSeq(space),
      instanceId: agent.instanceId,
      contextId: task.task_id,
      messages: log,
      nextOffset: Math.max(0, ...log.map((m) => m.offset)) + 1,
      script: "",
      webhooks: webhooks.map((w) => {
        const { secret, token, deliveries = [], ...hook } = w as Obj & { secret?: string; token?: string; deliveries?: Obj[] };
        const webhook = { webhook_id: newId("webhook"), created_at: nowIso(), ...hook, task_id: task.task_id, has_secret: secret !== undefined } as any;
        return {
          webhook,
          secret,
          token,
          deleted: false,
          deliveries: deliveries.map((d) => ({
            delivery: { delivery_id: newId("delivery"), renderer: "openapi", status: "succeeded", attempt_num: 1, last_response_status: 200, next_attempt_at: nowIso(), created_at: nowIso(), ...d, webhook_id: webhook.webhook_id, task_id: task.task_id } as any,
            body: JSON.stringify({ type: "task_status", task_id: task.task_id, context_id: task.task_id, status: task.status, final: true, timestamp: String(d.created_at ?? nowIso()) }),
            signature: undefined,
          })),
        } satisfies WebhookRec;
      }),
    });
  }
  for (const given of resources.conversations ?? []) {
    const { messages = [], ...fields } = given as Obj & { messages?: Obj[] };
    const agentId = String(fields.agent_id ?? [...space.agents.keys()][0] ?? "");
    if (!space.agents.has(agentId)) throw new Error(`seed conversation names agent \`${agentId}\`, which the seed does not have`);
    const conversation = { conversation_id: newId("conv"), state: "active", created_at: nowIso(), ...fields, agent_id: agentId } as any;
    const log = messages.map((m, i) => ({ message_id: newId("msg"), offset: i + 1, type: "chat_message", ...m })) as MessageRec[];
    space.conversations.set(conversation.conversation_id, { conversation, seq: nextSeq(space), messages: log, nextOffset: Math.max(0, ...log.map((m) => m.offset)) + 1, generation: 0 });
  }
  for (const given of resources.operations ?? []) {
    const { events = [], ...fields } = given as Obj & { events?: Obj[] };
    const operation = { id: newUuid(), status: "running", effectState: "running", terminal: false, createdAt: nowIso(), updatedAt: nowIso(), transport: "service", ...fields } as any;
    operation.sequence = String(events.length);
    operation.capability ??= String(operation.method ?? "").split("/")[0];
    if (!space.instances.has(operation.instanceId)) throw new Error(`seed operation ${operation.id} names instance \`${String(operation.instanceId)}\`, which the seed does not have`);
    space.operations.set(operation.id, { operation, seq: nextSeq(space), events: events.map((e, i) => ({ recordedAt: nowIso(), ...e, sequence: String(i + 1) })) });
  }
}

export function makeInstance(space: Space, example: any, given: Obj): any {
  const id = typeof given.id === "string" ? given.id : newId("instance");
  const status = typeof given.status === "string" ? given.status : "running";
  const now = nowIso();
  const instance: any = {
    ...example,
    id,
    ownerId: space.ownerId,
    externalId: `ext-${id.slice(-6)}`,
    endpoint: status === "running" ? `https://rt.beeos.ai/i/${id}` : "",
    identityId: `identity_${id.slice(-6)}`,
    connectivity: status === "running" ? "online" : "offline",
    totalRunSeconds: status === "running" ? 3600 : 0,
    createdAt: now,
    updatedAt: now,
    statusEnteredAt: now,
    ...given,
  };
  instance.status = status;
  instance.desiredStatus ??= status;
  instance.providerConfig ??= {};
  // A running instance has been up for the hour its totalRunSeconds says.
  if (status === "running") instance.startedAt ??= isoAt(Date.now() - 3_600_000);
  if (status === "running" && given.totalRunSeconds === undefined) instance.totalRunSeconds = 0;
  return instance;
}

export function makeAgent(example: any, given: Obj): any {
  const name = String(given.name ?? example.name);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "agent";
  return {
    ...example,
    id: newId("agent"),
    name,
    slug,
    displayName: name,
    createdAt: nowIso(),
    updatedAt: nowIso(),
    ...given,
  };
}
