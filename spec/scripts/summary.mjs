// `spec#build`: the last step of the spec's pipeline. Reads the bundle the way
// every consumer will and prints what it holds: operations per tag, paging and
// streams, so a change in what the spec offers shows in the build log.
import { listOperations, loadBundledSpec } from "../lib/index.js";

const ops = listOperations(loadBundledSpec());
const count = (f) => ops.reduce((n, op) => ((n[f(op)] = (n[f(op)] ?? 0) + 1), n), {});
const line = (o) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(", ");
console.log(`${ops.length} operations by tag: ${line(count((op) => op.tag ?? "(untagged)"))}`);
console.log(`paginated: ${line(count((op) => op.pagination?.style ?? "none"))}`);
console.log(`event streams: ${ops.filter((op) => op.stream).map((op) => op.operationId).join(", ") || "none"}`);
