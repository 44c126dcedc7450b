// Words for changes: one-line reasons for the changes no rule judged (redocly
// gives reasons only for breaking ones), the text report, and changelog lines.
import type { Change, Classification, Impact } from "./classify.js";
import { deref, get, isObject, tokensOf, type Document, type Json } from "./spec.js";

interface Unjudged {
  path: string;
  typeName: string;
  kind: "added" | "removed" | "modified";
  property?: string;
  base?: { pointer: string; value?: Json };
  revision?: { pointer: string; value?: Json };
}

const short = (value: Json | undefined) => {
  const text = value === undefined ? "(none)" : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** `#/components/schemas/Instance/properties/region` -> `Instance.region`. */
export function subject(pointer: string): string {
  const segs = tokensOf(pointer);
  if (segs[0] === "components" && segs[2] !== undefined) {
    let name = segs[2];
    for (let i = 3; i < segs.length; i++) {
      const seg = segs[i]!;
      if (seg === "properties" && segs[i + 1] !== undefined) name += `.${segs[++i]!}`;
      else if (seg === "items") name += "[]";
      else if (["allOf", "anyOf", "oneOf"].includes(seg) && segs[i + 1] !== undefined) name += `.${seg}[${segs[++i]!}]`;
      else break;
    }
    return name;
  }
  const last = segs.at(-1);
  return last ?? "the document";
}

export function describeUnjudged(c: Unjudged, docs: Document[]): string {
  const pointer = c.revision?.pointer ?? c.base?.pointer ?? c.path;
  const segs = tokensOf(c.path);
  const last = segs.at(-1) ?? "";
  const parent = segs.at(-2);
  const what = (() => {
    switch (c.typeName) {
      case "PathItem":
        return `Path \`${last}\``;
      case "Operation":
        return `Operation \`${last.toUpperCase()} ${segs[1] ?? ""}\``;
      case "Response":
        return `Response \`${last}\``;
      case "RequestBody":
        return "Request body";
      case "MediaType":
        return `Media type \`${last}\``;
      case "Header":
        return `Header \`${last}\``;
      case "Parameter": {
        for (const doc of docs) {
          const p: Json | undefined = deref(doc, get(doc, c.path));
          if (isObject(p) && typeof p["name"] === "string")
            return `${p["required"] === true ? "Required" : "Optional"} ${String(p["in"])} parameter \`${p["name"]}\``;
        }
        return "Parameter";
      }
      case "Schema":
        if (parent === "properties") {
          const owner = subject(pointer).split(".").slice(0, -1).join(".") || "the schema";
          return `Property \`${last}\` of \`${owner}\``;
        }
        return `Schema \`${subject(pointer)}\``;
      default:
        return `\`${subject(pointer)}\``;
    }
  })();
  if (c.kind === "added") return `${what} was added.`;
  if (c.kind === "removed") return `${what} was removed.`;
  const property = c.property ?? "value";
  if (["description", "summary", "title", "examples", "example"].includes(property))
    return `The ${property} of ${what.charAt(0).toLowerCase()}${what.slice(1)} changed.`;
  return `\`${property}\` of ${what.charAt(0).toLowerCase()}${what.slice(1)} changed from ${short(c.base?.value)} to ${short(c.revision?.value)}.`;
}

const LABEL: Record<Impact, string> = { major: "MAJOR", minor: "minor", patch: "patch" };

function whereLine(c: Change): string {
  const parts: string[] = [];
  if (c.operation) parts.push(c.operation);
  else if (c.operations.length === 0) parts.push("document");
  if (c.parameter) parts.push(`parameter ${c.parameter}`);
  parts.push(c.pointer);
  const others = c.operations.filter((o) => o !== c.operation);
  if (others.length > 0) parts.push(`${c.operation ? "also " : ""}reaches ${others.map((o) => o.split(" ")[0]).join(", ")}`);
  return parts.join(" · ");
}

export function formatText(result: Classification): string {
  const lines: string[] = [];
  for (const c of result.changes) {
    lines.push(`${LABEL[c.impact].padEnd(5)}  ${c.reason}  [${c.rule}]`);
    lines.push(`       at ${whereLine(c)}`);
  }
  const { major, minor, patch } = result.summary;
  lines.push(`${major} major, ${minor} minor, ${patch} patch.`);
  return lines.join("\n");
}

const names = (value: Json | undefined) => (Array.isArray(value) ? value.map(String) : []);
const minus = (a: Json | undefined, b: Json | undefined) => names(a).filter((n) => !names(b).includes(n));
const code = (list: string[]) => list.map((n) => `\`${n}\``).join(", ");

/** Rewordings for users of the rules they meet most; other reasons read well as they are. */
function userReason(c: Change): string {
  const owner = subject(c.pointer.replace(/\/(required|properties|enum)(\/.*)?$/, ""));
  switch (c.rule) {
    case "property-removed":
      return `\`${subject(c.pointer)}\` was removed`;
    case "required-properties-removed":
      return `${code(minus(c.before, c.after).map((n) => `${owner}.${n}`))} may now be missing from responses`;
    case "required-properties-added":
      return `${code(minus(c.after, c.before).map((n) => `${owner}.${n}`))} must now be sent in requests`;
    case "parameter-became-required":
      return c.parameter ? `The \`${c.parameter.replace(/ \((\w+)\)$/, "` $1")} parameter is now required` : c.reason;
    case "path-removed":
    case "operation-removed":
      if (c.operations.length === 0) return c.reason;
      return c.operations.length === 1
        ? `The \`${c.operations[0]!.replace(/ \((.*)\)$/, "` operation (`$1`)")} was removed`
        : `The operations ${c.operations.map((o) => `\`${o.split(" ")[0]}\``).join(", ")} were removed`;
    case "enum-values-added":
      return `\`${owner}\` can now have new values: ${code(minus(c.after, c.before))}`;
    default:
      return c.reason;
  }
}

/** A changelog bullet: what changed, for whom, in words; no rule ids. */
export function changelogLine(c: Change): string {
  const reason = userReason(c).replace(/\.$/, "");
  const ids = c.operations.map((o) => `\`${o.split(" ")[0]}\``);
  const removal = c.rule === "path-removed" || c.rule === "operation-removed";
  const reach = ids.length === 0 || removal ? "" : ids.length === 1 ? ` (${ids[0]})` : ` (affects ${ids.join(", ")})`;
  return `- ${reason}${reach}.`;
}
