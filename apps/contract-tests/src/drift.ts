import { sampleValue } from "./scenarios.js";
import { deref, isSuccess, type Operation, type Schema, type SpecModel } from "./spec.js";

/** One answer the drifting upstream gives, and whether Prism must flag it. */
export interface DriftCase {
  name: string;
  status: number;
  contentType: string;
  body: string;
  drifted: boolean;
  /** Response headers the documented answer requires, with their examples. */
  headers?: Record<string, string>;
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

/** The headers a documented response must carry, each with its example (or a value its schema accepts). */
function requiredHeaders(spec: SpecModel, op: Operation, documented: string): Record<string, string> {
  const response = deref(spec.document, (op.source.operation.responses as Record<string, unknown>)[documented]);
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries((response["headers"] ?? {}) as Record<string, unknown>)) {
    const header = deref(spec.document, raw);
    if (header["required"] !== true) continue;
    out[name] = String(header["example"] ?? sampleValue(spec.document, (header["schema"] ?? {}) as Schema));
  }
  return out;
}

/** The JSON success response with an example that drift cases start from, if the operation has one. */
const driftBase = (op: Operation) => op.responses.find((r) => r.statuses.some(isSuccess) && r.schemaPointer && r.examples.length > 0);

/** Operations with a JSON success example to drift from (an event stream, a 204 or a binary answer has none). */
export const driftable = (spec: SpecModel): Operation[] => spec.operations.filter((op) => driftBase(op) !== undefined);

/** The success example of `op`, then the same answer drifted (up to four ways): each must be caught. */
export function driftCases(spec: SpecModel, op: Operation): DriftCase[] {
  const success = driftBase(op);
  if (!success) throw new Error(`${op.operationId} has no documented success example to drift from (${op.pointer})`);
  const status = success.statuses.find(isSuccess) as number;
  const example = success.examples[0]?.value;
  const schema = deref(spec.document, { $ref: success.schemaPointer });
  const spots = requiredSpots(spec.document, schema, example);
  const deepest = spots[0];
  const primitive = spots.find((s) => s.value === null || typeof s.value !== "object") ?? deepest;
  const json = "application/json";
  const documented = new Set(op.responses.flatMap((r) => r.statuses));
  const ranges = new Set(op.responses.map((r) => r.documented.toUpperCase()));
  const undocumented = [418, 451, 402, 405, 406, 410].find((s) => !documented.has(s) && !ranges.has(`${String(s)[0]}XX`));
  if (undocumented === undefined) throw new Error(`${op.operationId} documents every status the drift check would use`);
  const at = (s: Spot) => [...s.path, s.property].join(".");
  const headers = requiredHeaders(spec, op, success.documented);
  // A free-form success (no required property) can only drift in status and content type.
  const shape: DriftCase[] = [];
  if (deepest && primitive) {
    const dropped = edit(example, deepest, (h) => delete h[deepest.property]);
    const retyped = edit(example, primitive, (h) => (h[primitive.property] = wrongType(h[primitive.property])));
    shape.push(
      { name: `drops required ${at(deepest)}`, status, contentType: json, body: JSON.stringify(dropped), drifted: true, headers },
      { name: `changes the type of ${at(primitive)}`, status, contentType: json, body: JSON.stringify(retyped), drifted: true, headers },
    );
  }
  return [
    { name: "faithful answer", status, contentType: json, body: JSON.stringify(example), drifted: false, headers },
    ...shape,
    { name: `answers undocumented status ${undocumented}`, status: undocumented, contentType: json, body: JSON.stringify(example), drifted: true },
    { name: "answers text/html", status, contentType: "text/html; charset=utf-8", body: "<!doctype html><title>Maintenance</title>", drifted: true },
  ];
}
