// The user-facing API changelog (spec/CHANGELOG.md): one entry per spec version,
// newest first, generated from the classified changes.
import type { Change, Impact } from "./classify.js";
import { changelogLine } from "./describe.js";
import { operations, type Document } from "./spec.js";

export const CHANGELOG_HEADER = `# BeeOS Platform API changelog

Changes to the BeeOS Platform API, one entry per version of the spec, newest first.
A major version marks a breaking change: code written for the previous version
may need changes. \`@beeos/client\` carries the same version as the API it was built from.
`;

const SECTIONS: Record<Impact, string> = {
  major: "Breaking changes",
  minor: "New",
  patch: "Other changes",
};

/** Changes that users do not need to read about: the version number itself. */
const isNoise = (c: Change) => c.pointer === "#/info/version";

export function changelogEntry(version: string, changes: Change[] | undefined, revision: Document): string {
  const lines = [`## ${version}`, ""];
  if (changes === undefined) {
    lines.push("Initial release, with these operations:", "");
    for (const op of operations(revision)) {
      const summary = typeof op.node["summary"] === "string" ? `: ${op.node["summary"]}` : "";
      lines.push(`- \`${op.operationId ?? "(no operationId)"}\` (\`${op.method.toUpperCase()} ${op.path}\`)${summary}`);
    }
    return lines.join("\n") + "\n";
  }
  // A removed property is also no longer required; saying it once is enough.
  const removed = new Set(changes.filter((c) => c.rule === "property-removed").map((c) => c.pointer));
  const shown = changes.filter((c) => {
    if (isNoise(c)) return false;
    if (c.rule !== "required-properties-removed") return true;
    const owner = c.pointer.replace(/\/required$/, "");
    const gone = (Array.isArray(c.before) ? c.before : []).filter((n) => !(Array.isArray(c.after) ? c.after : []).includes(n));
    return !gone.every((n) => removed.has(`${owner}/properties/${String(n)}`));
  });
  if (shown.length === 0) {
    lines.push("No changes to the API itself.");
    return lines.join("\n") + "\n";
  }
  for (const impact of ["major", "minor", "patch"] as const) {
    const group = shown.filter((c) => c.impact === impact);
    if (group.length === 0) continue;
    lines.push(`### ${SECTIONS[impact]}`, "", ...[...new Set(group.map(changelogLine))], "");
  }
  return lines.join("\n").trimEnd() + "\n";
}

interface Section {
  heading: string;
  lines: string[];
}

const introLines = new Set(CHANGELOG_HEADER.split("\n").filter((l) => l.trim() !== ""));

/**
 * Splits a changelog into its version sections. `changeset version` also writes
 * this file (for @beeos/spec) and puts a bare `## <version>` under the title,
 * above the introduction; the introduction's lines are dropped from sections
 * and written once, on top, and sections of the same version are merged.
 */
function sections(text: string): Section[] {
  const out: Section[] = [];
  for (const line of text.split("\n")) {
    if (/^## /.test(line)) {
      const heading = line.trim();
      const same = out.find((s) => s.heading === heading);
      if (same) {
        out.splice(out.indexOf(same), 1);
        out.push(same);
      } else out.push({ heading, lines: [] });
    } else if (out.length > 0 && !introLines.has(line)) out.at(-1)!.lines.push(line);
  }
  return out;
}

/** The release notes people wrote in changesets (`### Major Changes` and so on), kept in our entry. */
function changesetNotes(section: Section | undefined): string[] {
  if (!section) return [];
  const notes: string[] = [];
  let inside = false;
  for (const line of section.lines) {
    if (/^### /.test(line)) inside = /^### (Major|Minor|Patch) Changes\s*$/.test(line);
    else if (inside && line.trim() !== "") notes.push(line);
  }
  return notes;
}

/** Puts `entry` into the changelog text: replaces the entry of the same version, or adds it on top. */
export function upsertEntry(text: string | undefined, entry: string): string {
  const [heading, ...body] = entry.trimEnd().split("\n");
  const all = sections(text ?? "");
  const old = all.find((s) => s.heading === heading!.trim());
  const notes = changesetNotes(old);
  const fresh: Section = {
    heading: heading!.trim(),
    lines: notes.length > 0 ? ["", "### Release notes", "", ...notes, ...body] : body,
  };
  const rest = all.filter((s) => s !== old);
  const index = old ? all.indexOf(old) : 0;
  rest.splice(index, 0, fresh);
  const out = [CHANGELOG_HEADER.trimEnd(), ""];
  for (const s of rest) out.push(s.heading, ...s.lines, "");
  return out.join("\n").replace(/\n{3,}/g, "\n\n").replace(/\s*$/, "\n");
}

/** The versions the changelog has entries for, newest first. */
export const changelogVersions = (text: string) => [...text.matchAll(/^## (\S+)/gm)].map((m) => m[1]!);
