// The sandbox's memory: one Space per bearer token, nothing shared between them. Records are
// kept in the spec's wire shapes (the fields a response sends), plus a few private fields
// (prefixed with `_`) that never leave the sandbox.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { renameSync, readFileSync, writeFileSync } from "node:fs";

export type Obj = Record<string, unknown>;

export interface MessageRec extends Obj {
  message_id: string;
  offset: number;
  type: string;
}

export interface TaskRec {
  task: Obj & { task_id: string; agent_id: string; status: string };
  /** Creation order, newer is larger (paging cursor). */
  seq: number;
  instanceId: string;
  contextId: string;
  messages: MessageRec[];
  nextOffset: number;
  /** Prompt flags that steer the simulation (see README). */
  script: string;
  webhooks: WebhookRec[];
}

export interface WebhookRec {
  webhook: Obj & { webhook_id: string; task_id: string; url: string; has_secret: boolean };
  token: string | undefined;
  secret: string | undefined;
  deleted: boolean;
  deliveries: DeliveryRec[];
}

export interface DeliveryRec {
  delivery: Obj & { delivery_id: string; status: string; attempt_num: number };
  /** The exact bytes sent, and the signature header sent with the first attempt. */
  body: string;
  signature: string | undefined;
}

export interface ConversationRec {
  conversation: Obj & { conversation_id: string; agent_id: string; state: string };
  seq: number;
  messages: MessageRec[];
  nextOffset: number;
  generation: number;
}

export interface OperationRec {
  operation: Obj & { id: string; instanceId: string; status: string; terminal: boolean; method: string };
  seq: number;
  events: Obj[];
}

export interface IdempotencyRec {
  fingerprint: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface Space {
  ownerId: string;
  instances: Map<string, Obj & { id: string; status: string; desiredStatus: string; name: string }>;
  agents: Map<string, Obj & { id: string; instanceId: string }>;
  tasks: Map<string, TaskRec>;
  conversations: Map<string, ConversationRec>;
  files: Map<string, Obj & { file_id: string }>;
  operations: Map<string, OperationRec>;
  idempotency: Map<string, IdempotencyRec>;
  seq: number;
}

export function newSpace(token: string): Space {
  return {
    ownerId: `user_${createHash("sha256").update(token).digest("hex").slice(0, 12)}`,
    instances: new Map(),
    agents: new Map(),
    tasks: new Map(),
    conversations: new Map(),
    files: new Map(),
    operations: new Map(),
    idempotency: new Map(),
    seq: 0,
  };
}

/** A fresh id with the spec's prefix style (`instance_…`, `task_…`). */
export const newId = (prefix: string): string => `${prefix}_${randomBytes(6).toString("hex")}`;
export const newUuid = (): string => randomUUID();
export const nextSeq = (space: Space): number => ++space.seq;

// Persistence: one JSON document, written to a temporary file and renamed over the old one,
// so a crash leaves either the old state or the new one, never half of each.

const STATE_VERSION = 1;

export function saveState(path: string, spaces: Map<string, Space>): void {
  const data = {
    version: STATE_VERSION,
    spaces: [...spaces].map(([token, s]) => ({
      token,
      ownerId: s.ownerId,
      seq: s.seq,
      instances: [...s.instances.values()],
      agents: [...s.agents.values()],
      tasks: [...s.tasks.values()],
      conversations: [...s.conversations.values()],
      files: [...s.files.values()],
      operations: [...s.operations.values()],
      idempotency: [...s.idempotency],
    })),
  };
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temp, JSON.stringify(data));
  renameSync(temp, path);
}

/** Reads a state file; undefined when there is none yet. Throws, naming the file, when it is unreadable. */
export function loadState(path: string): Map<string, Space> | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read the sandbox state file ${path}: ${(error as Error).message}`);
  }
  let data: any;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`the sandbox state file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (data?.version !== STATE_VERSION || !Array.isArray(data.spaces)) {
    throw new Error(`the sandbox state file ${path} is not a version ${STATE_VERSION} sandbox state`);
  }
  const spaces = new Map<string, Space>();
  for (const s of data.spaces) {
    spaces.set(s.token, {
      ownerId: s.ownerId,
      seq: s.seq,
      instances: new Map(s.instances.map((x: any) => [x.id, x])),
      agents: new Map(s.agents.map((x: any) => [x.id, x])),
      tasks: new Map(s.tasks.map((x: any) => [x.task.task_id, x])),
      conversations: new Map(s.conversations.map((x: any) => [x.conversation.conversation_id, x])),
      files: new Map(s.files.map((x: any) => [x.file_id, x])),
      operations: new Map(s.operations.map((x: any) => [x.operation.id, x])),
      idempotency: new Map(s.idempotency),
    });
  }
  return spaces;
}
