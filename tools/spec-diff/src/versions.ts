// The version rules: @beeos/client's version and the spec's info.version move
// together, and a breaking change needs a major bump of both.
import { parseDocument } from "yaml";
import type { Change } from "./classify.js";

export interface Semver {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(value: string | undefined, where: string): Semver {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?$/.exec(value ?? "");
  if (!m) throw new Error(`${where} is ${value === undefined ? "missing" : `"${value}"`}, not a semver version like 1.2.3`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

export interface VersionPair {
  spec: string | undefined;
  client: string | undefined;
}

export interface GateResult {
  ok: boolean;
  problems: string[];
  breaking: Change[];
}

export function gate(changes: Change[], base: VersionPair, revision: VersionPair): GateResult {
  const problems: string[] = [];
  const breaking = changes.filter((c) => c.impact === "major");
  const spec = parseVersion(revision.spec, "the spec's info.version");
  const client = parseVersion(revision.client, "@beeos/client's version");
  if (revision.spec !== revision.client) {
    problems.push(`@beeos/client is ${revision.client} but the spec's info.version is ${revision.spec}: they must be equal`);
  }
  if (breaking.length > 0) {
    const baseSpec = parseVersion(base.spec, "the base spec's info.version");
    // A base without a known client version released the client at the spec's version.
    const baseClient = parseVersion(base.client ?? base.spec, "the base @beeos/client version");
    const missing: string[] = [];
    if (spec.major <= baseSpec.major) missing.push(`info.version ${base.spec} -> ${revision.spec}`);
    if (client.major <= baseClient.major) missing.push(`@beeos/client ${base.client ?? base.spec} -> ${revision.client}`);
    if (missing.length > 0) {
      problems.push(
        `${breaking.length} breaking change${breaking.length === 1 ? "" : "s"} without a major version bump (${missing.join(", ")}; need ${baseSpec.major + 1}.0.0):`,
      );
      for (const c of breaking) problems.push(`  - ${c.reason} [${c.rule}] at ${c.operation ?? (c.operations.join(", ") || "the document")} · ${c.pointer}`);
    }
  }
  return { ok: problems.length === 0, problems, breaking };
}

/**
 * The spec's root file with `info.version` set: an edit of the YAML document,
 * so the file's comments and formatting stay as they are.
 */
export function withInfoVersion(text: string, version: string, where: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`${where} is not valid YAML: ${doc.errors[0]!.message}`);
  if (!doc.hasIn(["info", "version"])) throw new Error(`${where} has no info.version line to update`);
  doc.setIn(["info", "version"], version);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
