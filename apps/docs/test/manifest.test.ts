// The site's list of its own files, and the pruning `pnpm dev` does after turbo replays a
// cached build over dist/ (which leaves the files that build did not have).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MANIFEST, pruneToManifest, writeManifest } from "../scripts/lib/manifest.mjs";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const site = (files: string[]) => {
  const dir = mkdtempSync(join(tmpdir(), "docs-manifest-"));
  dirs.push(dir);
  for (const file of files) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), file);
  }
  return dir;
};

describe("build-files.json", () => {
  it("lists every file of the site, itself included", () => {
    const dir = site(["index.html", "guides/a.html", "assets/x.js.br"]);
    writeManifest(dir);
    expect(JSON.parse(readFileSync(join(dir, MANIFEST), "utf8"))).toEqual(["assets/x.js.br", MANIFEST, "guides/a.html", "index.html"]);
  });

  it("prunes the files a replayed build does not list, and the folders left empty, and nothing else", () => {
    const dir = site(["index.html", "guides/a.html"]);
    writeManifest(dir);
    // what a later build wrote, left behind when turbo replays the earlier one
    for (const file of ["guides/b.html", "probe/only.html", "probe/deeper/x.html"]) {
      mkdirSync(join(dir, file, ".."), { recursive: true });
      writeFileSync(join(dir, file), "stale");
    }
    expect(pruneToManifest(dir).sort()).toEqual(["guides/b.html", "probe/deeper/x.html", "probe/only.html"]);
    expect(existsSync(join(dir, "guides", "a.html"))).toBe(true);
    expect(existsSync(join(dir, "index.html"))).toBe(true);
    expect(existsSync(join(dir, "probe"))).toBe(false);
    expect(pruneToManifest(dir)).toEqual([]);
  });

  it("removes nothing from a folder without a manifest", () => {
    const dir = site(["index.html", "other.html"]);
    expect(pruneToManifest(dir)).toEqual([]);
    expect(existsSync(join(dir, "other.html"))).toBe(true);
  });
});
