// Versions and the changelog: the committed versions agree, the changelog file
// keeps one entry per version, and a changesets release moves both packages and
// the spec's info.version together.
import { sourceRootPath } from "@beeos/spec";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CLIENT_PACKAGE, SPEC_ROOT } from "../src/base.js";
import { CHANGELOG_HEADER, changelogVersions, upsertEntry } from "../src/changelog.js";
import { withInfoVersion } from "../src/versions.js";
import { cli, edit, editSpec, git, here, realSpecRepo, specDir, tempDir, workspace } from "./helpers.js";

const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));
/** The info.version of a spec root file. */
const infoVersion = (root: string) => (parse(readFileSync(root, "utf8")) as { info: { version: string } }).info.version;

describe("the repository's versions", () => {
  it("@beeos/client, @beeos/spec and the spec's info.version agree", () => {
    const version = infoVersion(sourceRootPath);
    expect(json(join(workspace, CLIENT_PACKAGE)).version).toBe(version);
    expect(json(join(specDir, "package.json")).version).toBe(version);
  });

  it("changesets release @beeos/client and @beeos/spec as one fixed group", () => {
    const config = json(join(workspace, ".changeset/config.json"));
    const group = (config.fixed as string[][]).find((g) => g.includes("@beeos/client"));
    expect(group?.sort()).toEqual(["@beeos/client", "@beeos/spec"]);
  });

  it("the API changelog has an entry for the current version", () => {
    const text = readFileSync(join(specDir, "CHANGELOG.md"), "utf8");
    expect(changelogVersions(text)).toContain(infoVersion(sourceRootPath));
    expect(text.startsWith(CHANGELOG_HEADER.trimEnd())).toBe(true);
  });
});

describe("changelog entries", () => {
  const one = "## 1.0.0\n\nInitial release.\n";
  it("adds a new version on top and replaces an entry of the same version", () => {
    const first = upsertEntry(undefined, one);
    const second = upsertEntry(first, "## 1.1.0\n\n### New\n\n- A thing.\n");
    expect(changelogVersions(second)).toEqual(["1.1.0", "1.0.0"]);
    const again = upsertEntry(second, "## 1.1.0\n\n### New\n\n- Another thing.\n");
    expect(changelogVersions(again)).toEqual(["1.1.0", "1.0.0"]);
    expect(again).toMatch(/Another thing/);
    expect(again).not.toMatch(/A thing\./);
    expect(again).toMatch(/Initial release\./);
  });

  it("absorbs what `changeset version` wrote into the file, keeping its notes", () => {
    // changesets puts its heading right under the title, above the introduction.
    const ours = upsertEntry(undefined, one);
    const [title, ...rest] = ours.split("\n");
    const touched = [title, "", "## 2.0.0", "", "### Major Changes", "", "- Dropped the restart operation.", "", ...rest].join("\n");
    const merged = upsertEntry(touched, "## 2.0.0\n\n### Breaking changes\n\n- The `restartInstance` operation was removed.\n");
    expect(merged.startsWith(CHANGELOG_HEADER.trimEnd() + "\n\n## 2.0.0\n")).toBe(true);
    expect(changelogVersions(merged)).toEqual(["2.0.0", "1.0.0"]);
    expect(merged).toMatch(/### Release notes\n\n- Dropped the restart operation\.\n\n### Breaking changes/);
    expect(merged.match(/changes to the BeeOS Platform API, one entry/gi)).toHaveLength(1);
  });
});

describe("sync-version's edit of the root file", () => {
  const root = [
    "# The root of the spec: keep this comment.",
    "openapi: 3.1.0",
    "info:",
    "  title: BeeOS Platform API # the product's name",
    "  # Always the version of @beeos/client.",
    "  version: 1.0.0",
    "  summary: A summary that is longer than eighty characters, which a YAML printer would happily fold.",
    "tags: [instances, deploy]",
    "paths: {}",
    "",
  ].join("\n");

  it("changes info.version and keeps every comment and all formatting", () => {
    expect(withInfoVersion(root, "2.0.0", SPEC_ROOT)).toBe(root.replace("version: 1.0.0", "version: 2.0.0"));
    expect(withInfoVersion(root, "1.0.0", SPEC_ROOT)).toBe(root);
  });

  it("names a root file without info.version", () => {
    expect(() => withInfoVersion("openapi: 3.1.0\ninfo:\n  title: x\n", "2.0.0", SPEC_ROOT)).toThrow(/spec\/openapi\.yaml has no info\.version/);
  });
});

describe("a release with changesets", () => {
  it("bumps both packages, syncs info.version and writes the entry; the gate then passes", async () => {
    const dir = realSpecRepo();
    // The workspace around the two packages, as changesets reads it.
    cpSync(join(workspace, ".changeset/config.json"), join(dir, ".changeset/config.json"));
    cpSync(join(specDir, "package.json"), join(dir, dirname(SPEC_ROOT), "package.json"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "root", private: true }));
    writeFileSync(join(dir, "pnpm-workspace.yaml"), "packages:\n  - spec\n  - packages/*\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "workspace");
    git(dir, "checkout", "-q", "-b", "release");

    editSpec(dir, (d) => (d.components.parameters.PageSize.required = true));
    mkdirSync(join(dir, ".changeset"), { recursive: true });
    writeFileSync(join(dir, ".changeset/page-size.md"), '---\n"@beeos/client": major\n---\n\n`pageSize` is now required.\n');

    execFileSync(join(here, "../node_modules/.bin/changeset"), ["version"], { cwd: dir, stdio: "pipe" });
    expect(json(join(dir, CLIENT_PACKAGE)).version).toBe("2.0.0");
    expect(json(join(dir, dirname(SPEC_ROOT), "package.json")).version).toBe("2.0.0");
    expect(infoVersion(join(dir, SPEC_ROOT))).toBe("1.0.0");

    // Comments in the root file survive the sync.
    edit(dir, SPEC_ROOT, /^openapi: /m, "# The root of the BeeOS spec.\nopenapi: ");
    edit(dir, SPEC_ROOT, /^( {2}version: 1\.0\.0)$/m, "$1 # follows @beeos/client");
    expect((await cli(["sync-version"], dir)).out).toBe("info.version is 2.0.0, as @beeos/client");
    expect(infoVersion(join(dir, SPEC_ROOT))).toBe("2.0.0");
    const root = readFileSync(join(dir, SPEC_ROOT), "utf8");
    expect(root).toMatch(/^# The root of the BeeOS spec\.\nopenapi: /);
    expect(root).toMatch(/^info:\n {2}title: BeeOS Platform API\n {2}version: 2\.0\.0 # follows @beeos\/client\n/m);

    expect((await cli(["changelog", "--write"], dir)).code).toBe(0);
    const changelog = readFileSync(join(dir, "spec/CHANGELOG.md"), "utf8");
    expect(changelogVersions(changelog)).toEqual(["2.0.0", "1.0.0"]);
    expect(changelog).toMatch(/- The `pageSize` query parameter is now required \(`listInstances`\)\./);

    const r = await cli(["check"], dir);
    expect(r.out).toMatch(/passed/);
    expect(r.code).toBe(0);
  });
});

describe("bad input", () => {
  const dir = tempDir("spec-diff-bad-");
  it("names an unknown command or option and prints the usage", async () => {
    const r = await cli(["compare"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "compare"[\s\S]*usage: spec-diff/);
    expect((await cli(["diff", "--format", "xml"], dir)).err).toMatch(/--format must be text or json, not "xml"/);
    expect((await cli(["diff", "--bse", "main"], dir)).err).toMatch(/^spec-diff: unknown option "--bse"\nusage: spec-diff/);
    expect((await cli(["check", "--base"], dir)).err).toMatch(/^spec-diff: --base needs a value\n/);
    expect((await cli(["check", "--write=yes"], dir)).err).toMatch(/^spec-diff: --write takes no value\n/);
  });

  it("names a base revision that does not exist", async () => {
    const repoDir = realSpecRepo();
    const r = await cli(["check", "--base", "no-such-ref"], repoDir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/base revision "no-such-ref" is not a commit/);
  });

  it("names a base file that is not an OpenAPI document", async () => {
    const file = join(dir, "notes.yaml");
    writeFileSync(file, "hello: world\n");
    const repoDir = realSpecRepo();
    const r = await cli(["diff", "--base", file], repoDir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the base spec .*notes\.yaml/);
  });
});
