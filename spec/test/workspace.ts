// A throw-away copy of the pipeline (root config, spec, client generator and
// build) in a temporary folder, with node_modules linked from this checkout.
// The pipeline tests edit and break that copy, never the real spec.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

const ROOT_FILES = ["package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml", "turbo.json", "redocly.yaml", "tsconfig.base.json", ".gitignore"];
const PACKAGES: Record<string, string[]> = {
  spec: ["package.json", "openapi.yaml", "paths", "components", "scripts", "lib"],
  "packages/client": ["package.json", "tsconfig.json", "tsconfig.build.json", "scripts", "src"],
};

export interface TaskRun {
  status: number;
  output: string;
  /** turbo's verdict per task, e.g. { "@beeos/spec:lint": "hit" }. */
  cache: Record<string, "hit" | "miss">;
}

export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), "beeos-pipeline-"));

  constructor() {
    for (const file of ROOT_FILES) cpSync(join(repoRoot, file), join(this.dir, file));
    symlinkSync(join(repoRoot, "node_modules"), join(this.dir, "node_modules"), "dir");
    for (const [pkg, entries] of Object.entries(PACKAGES)) {
      for (const entry of entries) {
        cpSync(join(repoRoot, pkg, entry), join(this.dir, pkg, entry), {
          recursive: true,
          // generated output is rebuilt here, never copied
          filter: (src) => !src.includes(`${join("src", "generated")}`),
        });
      }
      symlinkSync(join(repoRoot, pkg, "node_modules"), join(this.dir, pkg, "node_modules"), "dir");
    }
    // a clone is a git checkout; turbo hashes inputs through git when it can
    this.git("init", "-q");
    this.git("add", "-A");
    this.git("-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-qm", "base");
  }

  git(...args: string[]): void {
    const run = spawnSync("git", args, { cwd: this.dir, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
  }

  path(rel: string): string {
    return join(this.dir, rel);
  }

  read(rel: string): string {
    return readFileSync(this.path(rel), "utf8");
  }

  write(rel: string, text: string): void {
    writeFileSync(this.path(rel), text);
  }

  edit(rel: string, change: (text: string) => string): void {
    const before = this.read(rel);
    const after = change(before);
    if (after === before) throw new Error(`edit of ${rel} changed nothing`);
    this.write(rel, after);
  }

  /** `pnpm build` as a user runs it: turbo over the copied workspace. */
  build(): TaskRun {
    const run = spawnSync(join(this.dir, "node_modules", ".bin", "turbo"), ["run", "build", "--ui=stream", "--no-update-notifier"], {
      cwd: this.dir,
      encoding: "utf8",
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", FORCE_COLOR: "0", NO_COLOR: "1" },
      timeout: 180_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    const cache: TaskRun["cache"] = {};
    for (const m of output.matchAll(/^(\S+): cache (hit|miss)/gm)) cache[m[1]!] = m[2] as "hit" | "miss";
    return { status: run.status ?? 1, output, cache };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
