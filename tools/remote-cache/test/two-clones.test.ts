// The remote cache as two machines meet it: clone A (the committed HEAD of this
// repository) builds cold and fills the cache; clone B, in another folder with an
// empty local cache, replays every task from it and ends with the same bytes.
// Then a tampered artifact is refused by signature verification, and a server
// that is down leaves a local build with a warning.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRemoteCache, type RemoteCache } from "../src/server.mjs";
import { freePort } from "./free-port.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: here, encoding: "utf8" }).trim();
// Two different folders, with paths of different lengths: an absolute path in a hash or an output shows.
const rootA = mkdtempSync(join(tmpdir(), "beeos-rc-a-"));
const rootB = mkdtempSync(join(tmpdir(), "beeos-remote-cache-clone-b-"));
const cloneA = join(rootA, "a");
const cloneB = join(rootB, "checkout-b");
const SIGNATURE_KEY = "two-clones-test-signing-key";

interface TaskSummary {
  taskId: string;
  hash: string;
  cache: { status: "HIT" | "MISS"; source?: "LOCAL" | "REMOTE" };
  expandedOutputs?: string[];
}
interface Build {
  status: number;
  output: string;
  tasks: Map<string, TaskSummary>;
}

/** `turbo run build` in a clone, with a local cache folder of its own, the remote cache's variables and nothing else of turbo's. */
function build(clone: string, remote: Record<string, string>, cacheDir: string, extra: string[] = []): Build {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TURBO_")));
  Object.assign(env, { TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", NO_COLOR: "1", FORCE_COLOR: "0" }, remote);
  const run = spawnSync(join(clone, "node_modules", ".bin", "turbo"), ["run", "build", "--ui=stream", "--summarize", `--cache-dir=${cacheDir}`, ...extra], {
    cwd: clone,
    env,
    encoding: "utf8",
    timeout: 240_000,
    maxBuffer: 1 << 26,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  const summary = /Summary:\s+(\S+\.json)/.exec(output)?.[1];
  const tasks = new Map<string, TaskSummary>();
  if (summary) for (const task of JSON.parse(readFileSync(summary, "utf8")).tasks as TaskSummary[]) tasks.set(task.taskId, task);
  return { status: run.status ?? 1, output, tasks };
}

/** sha256 of every output file a build recorded (its task logs left out), by path relative to the clone. */
function outputs(clone: string, tasks: Map<string, TaskSummary>): Record<string, string> {
  const files: Record<string, string> = {};
  for (const task of tasks.values()) {
    for (const rel of task.expandedOutputs ?? []) {
      if (rel.includes("/.turbo/") || statSync(join(clone, rel)).isDirectory()) continue;
      files[rel] = createHash("sha256").update(readFileSync(join(clone, rel))).digest("hex");
    }
  }
  return files;
}

function cloneAndInstall(dir: string): number {
  execFileSync("git", ["clone", "-q", repoRoot, dir], { stdio: "pipe" });
  const started = performance.now();
  // The pnpm store is warm (this checkout was installed from the same lockfile), so no network is needed.
  execFileSync("pnpm", ["install", "--frozen-lockfile", "--offline"], { cwd: dir, stdio: "pipe", timeout: 120_000 });
  return performance.now() - started;
}

let cache: RemoteCache;
let remote: Record<string, string>;
let a: Build;
let b: Build;
let outputsA: Record<string, string>;
let n = 0;
const freshCacheDir = (root: string) => join(root, `turbo-cache-${++n}`);
const artifactPath = (hash: string) => join(cache.storagePath, remote["TURBO_TEAM"]!, hash);

beforeAll(async () => {
  cache = await startRemoteCache({ port: await freePort(), storagePath: join(rootA, "server"), token: "two-clones-token", signatureKey: SIGNATURE_KEY, logLevel: "error" });
  remote = cache.env;
});

afterAll(async () => {
  await cache?.stop();
  for (const dir of [rootA, rootB]) rmSync(dir, { recursive: true, force: true });
});

describe("a shared remote cache, two clones", () => {
  it("clone A builds cold and uploads every task, signed", () => {
    const installMs = cloneAndInstall(cloneA);
    console.log(`clone A: pnpm install --frozen-lockfile --offline took ${Math.round(installMs)} ms`);
    a = build(cloneA, remote, freshCacheDir(rootA));
    expect(a.status, a.output.slice(-3000)).toBe(0);
    expect(a.tasks.size).toBeGreaterThan(5);
    for (const task of a.tasks.values()) {
      expect(task.cache.status, task.taskId).toBe("MISS");
      expect(readFileSync(`${artifactPath(task.hash)}.tag`, "utf8"), `${task.taskId} is stored with its signature`).not.toBe("");
    }
    outputsA = outputs(cloneA, a.tasks);
    for (const dir of ["packages/client/dist/", "packages/client/src/generated/", "apps/docs/dist/", "spec/dist/"]) {
      expect(Object.keys(outputsA).some((f) => f.startsWith(dir)), dir).toBe(true);
    }
  });

  it("clone B, elsewhere with an empty local cache, replays every task from the remote cache and ends byte-identical", () => {
    cloneAndInstall(cloneB);
    b = build(cloneB, remote, freshCacheDir(rootB));
    expect(b.status, b.output.slice(-3000)).toBe(0);
    expect(b.output).toContain("FULL TURBO");
    // The same task hashes in both folders: no absolute path reaches a hashed input.
    expect(Object.fromEntries([...b.tasks].map(([id, t]) => [id, t.hash]))).toEqual(Object.fromEntries([...a.tasks].map(([id, t]) => [id, t.hash])));
    for (const task of b.tasks.values()) {
      expect(task.cache, task.taskId).toMatchObject({ status: "HIT", source: "REMOTE" });
      expect(b.output).toContain(`${task.taskId.replace("#", ":")}: cache hit, replaying logs ${task.hash}`);
    }
    expect(outputs(cloneB, b.tasks)).toEqual(outputsA);
  });

  it("refuses an artifact whose bytes were flipped on the server's disk: that task re-runs, the rest replay", () => {
    const bundle = b.tasks.get("@beeos/spec#bundle")!;
    const file = artifactPath(bundle.hash);
    const bytes = readFileSync(file);
    for (const at of [Math.floor(bytes.length / 2), Math.floor(bytes.length * 0.9)]) bytes[at]! ^= 0x01;
    writeFileSync(file, bytes);

    const run = build(cloneB, remote, freshCacheDir(rootB));
    expect(run.status, run.output.slice(-3000)).toBe(0);
    expect(run.output).toContain(`@beeos/spec:bundle: cache miss, executing ${bundle.hash}`);
    for (const task of run.tasks.values()) {
      if (task.taskId === "@beeos/spec#bundle") expect(task.cache.status).toBe("MISS");
      else expect(task.cache, task.taskId).toMatchObject({ status: "HIT", source: "REMOTE" });
    }
    expect(outputs(cloneB, run.tasks)).toEqual(outputsA);
    // The re-run uploaded a good artifact over the tampered one.
    expect(readFileSync(file).equals(bytes)).toBe(false);
  });

  it("it is the signature that refuses: a valid archive under another task's hash replays unsigned, and is refused signed", () => {
    const lint = b.tasks.get("@beeos/spec#lint")!;
    const target = b.tasks.get("@beeos/spec#build")!;
    copyFileSync(artifactPath(lint.hash), artifactPath(target.hash)); // its .tag stays: a signature of other bytes
    const turboJson = readFileSync(join(cloneB, "turbo.json"), "utf8");
    expect(JSON.parse(turboJson).remoteCache?.signature, "turbo.json turns artifact signing on").toBe(true);
    try {
      const { remoteCache: _, ...unsigned } = JSON.parse(turboJson);
      writeFileSync(join(cloneB, "turbo.json"), JSON.stringify(unsigned));
      const accepted = build(cloneB, remote, freshCacheDir(rootB), ["--filter=@beeos/spec"]);
      expect(accepted.status).toBe(0);
      expect(accepted.tasks.get(target.taskId)?.cache, "without signing, turbo replays the swapped archive").toMatchObject({ status: "HIT" });
    } finally {
      writeFileSync(join(cloneB, "turbo.json"), turboJson);
    }
    const refused = build(cloneB, remote, freshCacheDir(rootB), ["--filter=@beeos/spec"]);
    expect(refused.status).toBe(0);
    expect(refused.output).toContain(`@beeos/spec:build: cache miss, executing ${target.hash}`);
    expect(refused.tasks.get(lint.taskId)?.cache).toMatchObject({ status: "HIT", source: "REMOTE" });
  });

  it("with the server down, builds locally with a warning and exits 0, to the same bytes", async () => {
    await cache.stop();
    const run = build(cloneB, remote, freshCacheDir(rootB));
    expect(run.status, run.output.slice(-3000)).toBe(0);
    expect(run.output).toMatch(/WARNING\s+• Remote caching unavailable/);
    for (const task of run.tasks.values()) expect(task.cache.status, task.taskId).toBe("MISS");
    // Built here, in B's folder, from scratch: still A's bytes, so no output embeds where it was built.
    expect(outputs(cloneB, run.tasks)).toEqual(outputsA);
  });
});
