// The gate on a copy of the real spec (its last bundle) in a temporary git repository: the
// breaking edits the issue names fail it with their reasons, a major bump of
// both versions (and the changelog entry) lets them through, and a safe edit passes.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENT_PACKAGE } from "../src/base.js";
import { cli, editSpec, git, here, realSpecRepo } from "./helpers.js";

/** The breaking edit: remove Instance.totalRunSeconds, make pageSize required, remove restartInstance. */
function breakingEdit(dir: string): void {
  editSpec(dir, (d) => {
    const instance = d.components.schemas.Instance;
    instance.required = instance.required.filter((name: string) => name !== "totalRunSeconds");
    delete instance.properties.totalRunSeconds;
    d.components.parameters.PageSize.required = true;
    delete d.paths["/api/v1/instances/{id}/restart"];
  });
}

function bump(dir: string, version: string): void {
  editSpec(dir, (d) => (d.info.version = version));
  const file = join(dir, CLIENT_PACKAGE);
  const pkg = JSON.parse(readFileSync(file, "utf8"));
  writeFileSync(file, JSON.stringify({ ...pkg, version }, null, 2) + "\n");
}

describe("round trip on the real spec", () => {
  it("fails a breaking edit on a branch, naming each breaking change", async () => {
    const dir = realSpecRepo();
    git(dir, "checkout", "-q", "-b", "feature");
    breakingEdit(dir);
    const r = await cli(["check"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^spec check: merge base of HEAD with main/);
    const problems = r.out.slice(r.out.indexOf("without a major version bump"));
    expect(problems).toMatch(/Property `totalRunSeconds` of `Instance` was removed\. \[property-removed\]/);
    expect(problems).toMatch(/`pageSize` query parameter became required\. \[parameter-became-required\] at listInstances/);
    expect(problems).toMatch(/\[path-removed\] at restartInstance \(POST \/api\/v1\/instances\/\{id\}\/restart\)/);
    expect(problems).toMatch(/need 2\.0\.0/);
    expect(r.out).toMatch(/spec check: FAILED$/);

    // Declaring it: both versions to 2.0.0. The changelog entry is still missing...
    bump(dir, "2.0.0");
    const undocumented = await cli(["check"], dir);
    expect(undocumented.code).toBe(1);
    expect(undocumented.out).toMatch(/spec\/CHANGELOG\.md has no entry for 2\.0\.0/);
    expect(undocumented.out).not.toMatch(/without a major version bump/);

    // ...until it is written, in words, from the same classification.
    const written = await cli(["changelog", "--write"], dir);
    expect(written.code).toBe(0);
    const changelog = readFileSync(join(dir, "spec/CHANGELOG.md"), "utf8");
    const entry = changelog.slice(changelog.indexOf("## 2.0.0"), changelog.indexOf("## 1.0.0"));
    expect(entry).toMatch(/### Breaking changes/);
    expect(entry).toMatch(/- `Instance\.totalRunSeconds` was removed \(affects .*`getInstance`.*`listInstances`/);
    expect(entry).toMatch(/- The `pageSize` query parameter is now required \(`listInstances`\)\./);
    expect(entry).toMatch(/- The `restartInstance` operation \(`POST \/api\/v1\/instances\/\{id\}\/restart`\) was removed\./);
    expect(changelog.indexOf("## 2.0.0")).toBeLessThan(changelog.indexOf("## 1.0.0"));

    const declared = await cli(["check"], dir);
    expect(declared.code).toBe(0);
    expect(declared.out).toMatch(/spec check: passed \(breaking changes declared by a major bump\)$/);
  });

  it("passes a safe edit: a new optional response field", async () => {
    const dir = realSpecRepo();
    git(dir, "checkout", "-q", "-b", "feature");
    editSpec(dir, (d) => {
      const instance = d.components.schemas.Instance;
      instance.properties = { nickname: { type: "string", description: "A second name." }, ...instance.properties };
    });
    const r = await cli(["check"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/minor  Property `nickname` of `Instance` was added\./);
    expect(r.out).toMatch(/0 major, 1 minor, 0 patch\./);
    expect(r.out).toMatch(/spec check: passed$/);
  });

  it("on main compares with the previous commit, as CI runs the built command", async () => {
    const bin = join(here, "../dist/cli.js");
    if (!existsSync(bin)) throw new Error("dist/cli.js is missing: run `pnpm --filter @beeos/spec-diff build` first");
    const check = (cwd: string) => spawnSync(process.execPath, [bin, "check"], { cwd, encoding: "utf8" });
    const dir = realSpecRepo();
    const first = check(dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/nothing to compare with: HEAD is the first commit on main/);

    breakingEdit(dir);
    git(dir, "commit", "-q", "-am", "break the API");
    const broken = check(dir);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^spec check: HEAD is main: the previous commit on main/);
    expect(broken.stdout).toMatch(/4 breaking changes without a major version bump/);

    // An explicit base wins: against HEAD itself there is nothing to judge.
    const same = await cli(["check", "--base", "HEAD"], dir);
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/0 major, 0 minor, 0 patch\./);
  });
});
