// Classifies the changes between two bundled specs: redocly's verdicts with the
// diff-recommended rules, the checks it lacks (checks.ts), and for each change
// the operations, parameter and JSON pointer it concerns.
import { redocly } from "@beeos/spec/redocly";
import { dirname } from "node:path";
import { customVerdicts } from "./checks.js";
import { describeUnjudged } from "./describe.js";
import {
  componentOf,
  componentUsers,
  deref,
  diffConfig,
  get,
  infoVersion,
  isObject,
  operationLabel,
  operations,
  tokensOf,
  type Document,
  type Json,
} from "./spec.js";

export type Impact = "major" | "minor" | "patch";
export const IMPACTS: readonly Impact[] = ["major", "minor", "patch"];

export interface Change {
  impact: Impact;
  /** redocly's rule id, one of ours (checks.ts), or `added` / `removed` / `modified` when no rule judged it. */
  rule: string;
  /** One line, for people. */
  reason: string;
  /** `listInstances (GET /api/v1/instances)`, when the change sits under one operation. */
  operation?: string;
  /** Every operation the change reaches (a shared schema reaches several). */
  operations: string[];
  /** `pageSize (query)`, when the change is about a parameter. */
  parameter?: string;
  /** Where the change is in the spec (a component or a path), as a JSON pointer. */
  pointer: string;
  /** The path redocly walked to find it, from the operation down. */
  path: string;
  kind: "added" | "removed" | "modified";
  /** The changed property of the node, for `modified`. */
  property?: string;
  /** The changed value before and after, as redocly read it. */
  before?: Json;
  after?: Json;
}

export interface Classification {
  versions: { base: string | undefined; revision: string | undefined };
  changes: Change[];
  summary: Record<Impact, number>;
}

interface RedoclyVerdict {
  ruleId: string;
  impact: string;
  message: string;
  location?: { pointer?: string };
}
interface RedoclyChange {
  path: string;
  typeName: string;
  kind: "added" | "removed" | "modified";
  impact: string;
  verdicts: RedoclyVerdict[];
  property?: string;
  base?: { pointer: string; value?: Json };
  revision?: { pointer: string; value?: Json };
}

async function redoclyDiff(baseFile: string, revisionFile: string): Promise<RedoclyChange[]> {
  // `--fail-on none`: the impact is ours to judge, so any other exit code is an error.
  const run = await redocly(["diff", baseFile, revisionFile, "--format", "json", "--fail-on", "none"], {
    config: diffConfig,
    cwd: dirname(revisionFile),
  });
  if (run.status !== 0) throw new Error(`redocly diff failed (exit ${run.status}):\n${run.stderr}`);
  let report: unknown;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error(`redocly diff printed no JSON report:\n${run.stdout.slice(0, 500)}`);
  }
  if (!isObject(report) || !Array.isArray(report["changes"])) throw new Error("redocly diff report has no `changes` list");
  return report["changes"] as unknown as RedoclyChange[];
}

const asImpact = (value: string): Impact => (IMPACTS.includes(value as Impact) ? (value as Impact) : "major");

/** `#/paths/~1a/get/...` -> { path: "/a", method: "get" }. */
function operationOf(path: string): { path: string; method: string | undefined } | undefined {
  const segs = tokensOf(path);
  if (segs[0] !== "paths" || segs[1] === undefined) return undefined;
  return { path: segs[1], method: segs[2] };
}

function parameterOf(path: string, docs: Document[]): string | undefined {
  const match = /^(.*\/parameters\/\d+)/.exec(path);
  if (!match?.[1]) return undefined;
  for (const doc of docs) {
    const node: Json | undefined = deref(doc, get(doc, match[1]));
    if (isObject(node) && typeof node["name"] === "string") return `${node["name"]} (${String(node["in"])})`;
  }
  return undefined;
}

export async function classify(
  base: { file: string; doc: Document },
  revision: { file: string; doc: Document },
): Promise<Classification> {
  const raw = await redoclyDiff(base.file, revision.file);
  const docs = [revision.doc, base.doc];
  const users = [componentUsers(revision.doc), componentUsers(base.doc)];
  const labels = new Map<string, string>();
  for (const doc of [base.doc, revision.doc])
    for (const op of operations(doc)) labels.set(`${op.method} ${op.path}`, operationLabel(op));
  const opsByPath = (p: string, method: string | undefined) =>
    [...labels.entries()]
      .filter(([key]) => (method ? key === `${method} ${p}` : key.slice(key.indexOf(" ") + 1) === p))
      .map(([, label]) => label);

  const where = (path: string, pointer: string, kind: Change["kind"]) => {
    const op = operationOf(path);
    const label = op ? opsByPath(op.path, op.method) : [];
    // A removed path with a single operation is about that operation.
    const operation = op?.method || label.length === 1 ? label[0] : undefined;
    const component = componentOf(pointer);
    const reached = new Set<string>(label);
    if (component) {
      for (const map of users)
        for (const id of map.get(component) ?? []) {
          const full = [...labels.values()].find((l) => l.startsWith(`${id} (`));
          reached.add(full ?? id);
        }
    }
    // A removed parameter's index points into the base; others into the revision.
    const parameter = parameterOf(path, kind === "removed" ? [base.doc, revision.doc] : docs);
    return {
      ...(operation ? { operation } : {}),
      operations: [...reached].sort(),
      ...(parameter ? { parameter } : {}),
    };
  };

  const changes: Change[] = [];
  for (const c of raw) {
    const pointer = c.revision?.pointer ?? c.base?.pointer ?? c.path;
    const common = {
      kind: c.kind,
      path: c.path,
      ...(c.property !== undefined ? { property: c.property } : {}),
      ...(c.base?.value !== undefined ? { before: c.base.value } : {}),
      ...(c.revision?.value !== undefined ? { after: c.revision.value } : {}),
    };
    if (c.verdicts.length === 0) {
      changes.push({
        impact: asImpact(c.impact),
        rule: c.kind,
        reason: describeUnjudged(c, docs),
        pointer,
        ...where(c.path, pointer, c.kind),
        ...common,
      });
      continue;
    }
    for (const v of c.verdicts) {
      const at = v.location?.pointer ?? pointer;
      changes.push({ impact: asImpact(v.impact), rule: v.ruleId, reason: v.message, pointer: at, ...where(c.path, at, c.kind), ...common });
    }
  }

  for (const v of customVerdicts(base.doc, revision.doc)) {
    // Our verdict replaces redocly's milder reading of the same node, and a
    // shared component is reported once, as redocly does.
    const component = componentOf(v.pointer);
    const same = changes.findIndex((c) => c.pointer === v.pointer || c.path === v.path);
    if (component && changes.some((c) => c.rule === v.ruleId && c.pointer === v.pointer)) continue;
    const entry: Change = {
      impact: "major",
      rule: v.ruleId,
      reason: v.message,
      pointer: v.pointer,
      ...where(v.path, v.pointer, "modified"),
      kind: same >= 0 ? changes[same]!.kind : "modified",
      path: v.path,
    };
    if (same >= 0 && changes[same]!.impact !== "major") changes.splice(same, 1, entry);
    else changes.push(entry);
  }

  changes.sort((a, b) => IMPACTS.indexOf(a.impact) - IMPACTS.indexOf(b.impact) || a.path.localeCompare(b.path));
  const summary = { major: 0, minor: 0, patch: 0 };
  for (const c of changes) summary[c.impact]++;
  return { versions: { base: infoVersion(base.doc), revision: infoVersion(revision.doc) }, changes, summary };
}
