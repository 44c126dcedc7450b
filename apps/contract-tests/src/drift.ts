import { deref, isSuccess, type Operation, type Schema, type SpecModel } from "./spec.js";

/** One answer the drifting upstream gives, and whether Prism must flag it. */
export interface DriftCase {
  name: string;
  status: number;
  contentType: string;
  body: string;
  drifted: boolean;
}

interface Spot {
  /** Keys from the body's root to the object holding the property. */
  path: Array<string | number>;
  property: string;
  value: unknown;
}

/** Required properties present in `value`, deepest first, found by walking the schema alongside it. */
function requiredSpots(document: Record<string, unknown>, raw: Schema, value: unknown, path: Array<string | number> = []): Spot[] {
  const schema = deref(document, raw);
  if (Array.isArray(value) && schema["items"]) {
    return value.length > 0 ? requiredSpots(document, schema["items"] as Schema, value[0], [...path, 0]) : [];
  }
  if (!value || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  const props = (schema["properties"] ?? {}) as Record<string, Schema>;
  const here = ((schema["required"] ?? []) as string[]).filter((name) => name in record).map((property) => ({ path, property, value: record[property] }));
  const deeper = Object.entries(props).flatMap(([name, sub]) => (name in record ? requiredSpots(document, sub, record[name], [...path, name]) : []));
  return [...deeper, ...here];
}

function edit(body: unknown, spot: Spot, change: (holder: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(body);
  let holder = copy as Record<string | number, unknown>;
  for (const key of spot.path) holder = holder[key] as Record<string | number, unknown>;
  change(holder as Record<string, unknown>);
  return copy;
}

const wrongType = (value: unknown): unknown => (typeof value === "string" ? 12345 : typeof value === "object" && value !== null ? "drifted" : "drifted");

/** The success example of `op`, then the same answer drifted four ways: each must be caught. */
export function driftCases(spec: SpecModel, op: Operation): DriftCase[] {
  const success = op.responses.find((r) => r.statuses.some(isSuccess) && r.schemaPointer && r.examples.length > 0);
  if (!success) throw new Error(`${op.operationId} has no documented success example to drift from (${op.pointer})`);
  const status = success.statuses.find(isSuccess) as number;
  const example = success.examples[0]?.value;
  const schema = deref(spec.document, { $ref: success.schemaPointer });
  const spots = requiredSpots(spec.document, schema, example);
  const deepest = spots[0];
  const primitive = spots.find((s) => s.value === null || typeof s.value !== "object") ?? deepest;
  if (!deepest || !primitive) throw new Error(`${op.operationId}: the success schema has no required property to drop`);
  const json = "application/json";
  const documented = new Set(op.responses.flatMap((r) => r.statuses));
  const ranges = new Set(op.responses.map((r) => r.documented.toUpperCase()));
  const undocumented = [418, 451, 402, 405, 406, 410].find((s) => !documented.has(s) && !ranges.has(`${String(s)[0]}XX`));
  if (undocumented === undefined) throw new Error(`${op.operationId} documents every status the drift check would use`);
  const at = (s: Spot) => [...s.path, s.property].join(".");
  return [
    { name: "faithful answer", status, contentType: json, body: JSON.stringify(example), drifted: false },
    {
      name: `drops required ${at(deepest)}`,
      status,
      contentType: json,
      body: JSON.stringify(edit(example, deepest, (h) => delete h[deepest.property])),
      drifted: true,
    },
    {
      name: `changes the type of ${at(primitive)}`,
      status,
      contentType: json,
      body: JSON.stringify(edit(example, primitive, (h) => (h[primitive.property] = wrongType(h[primitive.property])))),
      drifted: true,
    },
    { name: `answers undocumented status ${undocumented}`, status: undocumented, contentType: json, body: JSON.stringify(example), drifted: true },
    { name: "answers text/html", status, contentType: "text/html; charset=utf-8", body: "<!doctype html><title>Maintenance</title>", drifted: true },
  ];
}
