// The repository's promises, checked: the README's commands and map are true,
// every workspace package follows the house conventions, the task graph caches
// what it claims to, and CI runs the README's test command. Prose drifts;
// these checks make the drift fail a test instead.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const root = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const read = (rel: string) => readFileSync(join(root, rel), "utf8");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (rel: string): any => JSON.parse(read(rel));

const rootPkg = json("package.json");
const readme = read("README.md");
const codeBlocks = [...readme.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());

function workspacePackages(): string[] {
  const globs: string[] = parse(read("pnpm-workspace.yaml")).packages;
  const dirs: string[] = [];
  for (const glob of globs) {
    if (!glob.endsWith("/*")) {
      dirs.push(glob);
      continue;
    }
    const parent = glob.slice(0, -2);
    for (const name of readdir(parent)) if (existsSync(join(root, parent, name, "package.json"))) dirs.push(`${parent}/${name}`);
  }
  return dirs;
}

function readdir(rel: string): string[] {
  return existsSync(join(root, rel)) ? readdirSync(join(root, rel)) : [];
}

describe("README", () => {
  it("opens with what this is, then the two commands", () => {
    const [title, ...rest] = readme.split("\n");
    expect(title).toMatch(/^# /);
    const intro = rest.join("\n").split("```")[0]!;
    expect(intro.length).toBeGreaterThan(80);
    expect(codeBlocks.length).toBeGreaterThanOrEqual(2);
  });

  it("its first command installs the pinned pnpm and dependencies, then runs pnpm start", () => {
    const version = rootPkg.packageManager.replace(/^pnpm@/, "");
    expect(codeBlocks[0]).toContain(`npm install -g pnpm@${version}`);
    expect(codeBlocks[0]).toContain("pnpm install");
    expect(codeBlocks[0]).toMatch(/pnpm start$/m);
  });

  it("its second command runs every test, and CI runs that same command", () => {
    expect(codeBlocks[1]).toBe("pnpm test");
    const ci = read(".ci/run");
    expect(ci).toMatch(/^pnpm test( |$)/m);
    expect(ci).toContain("pnpm install --frozen-lockfile");
    expect(ci).toMatch(/npm install -g "pnpm@/);
    expect(ci).toMatch(/apt-get install -y[^\n]*chromium/);
  });

  it("every pnpm command it shows exists", () => {
    const builtins = new Set(["install", "add", "exec", "dlx", "--filter"]);
    const used = new Set<string>();
    for (const block of codeBlocks) for (const m of block.matchAll(/(?:^|&& |\| )pnpm ([\w:-]+)/gm)) used.add(m[1]!);
    for (const m of readme.matchAll(/`pnpm ([\w:-]+)[^`]*`/g)) used.add(m[1]!);
    // a root script, or a bin of a root devDependency (`pnpm changeset`)
    const missing = [...used].filter((s) => !builtins.has(s) && !(s in rootPkg.scripts) && !existsSync(join(root, "node_modules", ".bin", s)));
    expect(missing).toEqual([]);
  });

  it("every path in its map exists", () => {
    const map = readme.split(/^## /m).find((s) => s.startsWith("Map"));
    expect(map, "README has a '## Map' section").toBeDefined();
    const paths = [...map!.matchAll(/^\| `([^`]+)`/gm)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(5);
    expect(paths.filter((p) => !existsSync(join(root, p)))).toEqual([]);
    // and every workspace package is on the map
    expect(workspacePackages().filter((dir) => !paths.some((p) => p.replace(/\/$/, "") === dir))).toEqual([]);
  });
});

describe("workspace packages", () => {
  const dirs = workspacePackages();

  it("are found", () => {
    expect(dirs).toContain("spec");
    expect(dirs).toContain("packages/client");
  });

  it.each(dirs)("%s: scoped, ESM, exact versions, conventional script names", (dir) => {
    const pkg = json(`${dir}/package.json`);
    expect(pkg.name).toMatch(/^@beeos\//);
    expect(pkg.type).toBe("module");
    const deps = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies };
    const loose = Object.entries<string>(deps).filter(([, v]) => !/^(workspace:\*|\d+\.\d+\.\d+(-[\w.]+)?)$/.test(v));
    expect(loose, "versions must be exact").toEqual([]);
    const known = ["build", "compile", "test", "lint", "typecheck", "generate", "dev", "start", "bundle", "bench", "mock", "sandbox", "version", "cache"];
    const odd = Object.keys(pkg.scripts ?? {}).filter((s) => !known.some((k) => s === k || s.startsWith(`${k}:`)));
    expect(odd).toEqual([]);
    for (const [name, script] of Object.entries<string>(pkg.scripts ?? {})) {
      expect(script, `${dir} script ${name} must not be a placeholder`).not.toMatch(/^(echo|true|exit 0)\b/);
    }
  });

  it.each(dirs.filter((d) => !json(`${d}/package.json`).private))("%s: publishable shape", (dir) => {
    const pkg = json(`${dir}/package.json`);
    expect(pkg.files?.length).toBeGreaterThan(0);
    expect(pkg.exports?.["./package.json"]).toBe("./package.json");
    expect(Object.keys(pkg.exports).some((k) => k.includes("*"))).toBe(false);
    for (const [key, target] of Object.entries<unknown>(pkg.exports)) {
      if (typeof target === "object" && target) expect(Object.keys(target)[0], `${dir} exports["${key}"]`).toBe("types");
    }
  });

  it("the client is a side-effect-free library on Node 20+", () => {
    const pkg = json("packages/client/package.json");
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines.node).toMatch(/>=\s*20/);
  });
});

describe("root", () => {
  it("pins pnpm and Node 20+, with exact versions", () => {
    expect(rootPkg.packageManager).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    expect(rootPkg.engines.node).toMatch(/>=\s*20/);
    const loose = Object.entries<string>(rootPkg.devDependencies).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(v));
    expect(loose).toEqual([]);
  });

  it("root scripts are one-line turbo runs of tasks the graph defines", () => {
    const tasks = Object.keys(json("turbo.json").tasks).map((t) => t.replace(/^.*#/, ""));
    for (const [name, script] of Object.entries<string>(rootPkg.scripts)) {
      expect(script, name).toMatch(/^turbo (run|watch) [\w:-]+( [\w:-]+)*( --[\w=@/.-]+)*$/);
      for (const task of script.replace(/^turbo (run|watch) /, "").split(" ").filter((w) => !w.startsWith("--"))) {
        expect(tasks, `${name} runs ${task}`).toContain(task);
      }
    }
    for (const s of ["build", "test", "lint", "typecheck", "dev", "start"]) expect(rootPkg.scripts[s], s).toBeDefined();
  });

  it("every cached turbo task declares its outputs; persistent tasks are not cached", () => {
    const tasks = json("turbo.json").tasks;
    for (const [name, task] of Object.entries<{ cache?: boolean; outputs?: string[]; persistent?: boolean }>(tasks)) {
      if (task.cache === false) continue;
      expect(task.outputs, `${name} has outputs`).toBeDefined();
      expect(task.persistent, name).toBeFalsy();
    }
  });

  it("generated code and build outputs are git-ignored, in every package", () => {
    const ignore = read(".gitignore").split("\n");
    expect(ignore).toContain("**/src/generated/");
    expect(ignore).toContain("dist/");
    expect(ignore).toContain("node_modules/");
  });
});

// Code only: comments may say what a pointer looks like.
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
const readsRefs = (text: string) => /\[["']\$ref["']\]|\.\$ref\b/.test(code(text));
const escapesPointers = (text: string) => /replace(All)?\([^)]*~[01]/.test(code(text));

/** Hand-written source files under a folder (no build output, generated code or dependencies). */
function sources(dir: string): string[] {
  const skip = new Set(["node_modules", "dist", "lib", "generated", "reports", "results", ".turbo"]);
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : sources(path);
    return /\.(ts|mts|mjs|js|json)$/.test(entry.name) ? [path] : [];
  });
}

const lines = (files: string[]) => files.reduce((n, f) => n + read(f).split("\n").length, 0);

describe("packages meet only through their exports", () => {
  const dirs = workspacePackages();

  it.each(dirs)("%s: no relative path reaches into another package", (dir) => {
    const others = dirs.filter((d) => d !== dir);
    const offenders = sources(dir).filter((file) => {
      const text = read(file);
      // Every `../` chain that climbs out of this package, followed by another package's folder.
      return others.some((other) => {
        const depth = file.split("/").length - 1;
        const up = "../".repeat(depth);
        return text.includes(`${up}${other}/`) || text.includes(`"${up}${other}"`);
      });
    });
    expect(offenders).toEqual([]);
  });

  it("no turbo input points into another package", () => {
    const tasks = json("turbo.json").tasks as Record<string, { inputs?: string[] }>;
    const inputs = Object.values(tasks).flatMap((t) => t.inputs ?? []);
    const intoPackages = inputs.filter((i) => i.startsWith("$TURBO_ROOT$/") && workspacePackages().some((d) => i.slice("$TURBO_ROOT$/".length).startsWith(`${d}/`)));
    expect(intoPackages).toEqual([]);
  });

  it("only @beeos/spec walks $refs, escapes JSON pointers or runs Redocly", () => {
    const outside = dirs.filter((d) => d !== "spec" && d !== "tools/repo-check").flatMap(sources);
    const walksRefs = outside.filter((f) => readsRefs(read(f)));
    const escapes = outside.filter((f) => escapesPointers(read(f)));
    const redocly = dirs.filter((d) => d !== "spec").filter((d) => {
      const pkg = json(`${d}/package.json`);
      return "@redocly/cli" in { ...pkg.dependencies, ...pkg.devDependencies };
    });
    expect({ walksRefs, escapes, redocly }).toEqual({ walksRefs: [], escapes: [], redocly: [] });
  });

  it("the reader check flags a package that walks $refs or escapes pointers itself", () => {
    expect(readsRefs(`const target = node.$ref;`)).toBe(true);
    expect(readsRefs(`if (typeof x["$ref"] === "string") follow(x);`)).toBe(true);
    expect(escapesPointers(`const esc = (s) => s.replace(/~/g, "~0").replace(/\\//g, "~1");`)).toBe(true);
    expect(readsRefs(`// follows node.$ref through @beeos/spec`)).toBe(false);
    expect(escapesPointers(`/** \`#/paths/~1a/get\` */ const p = pointerOf("paths", "/a", "get");`)).toBe(false);
  });

  it("the bench is smaller than the client it measures", () => {
    const bench = lines(sources("tools/bench").filter((f) => !f.endsWith(".json")));
    const client = lines(sources("packages/client/src").filter((f) => !f.endsWith(".json")));
    expect(bench).toBeLessThan(client);
  });
});
