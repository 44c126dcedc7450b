// A throw-away copy of the pipeline (root config, spec, client generator and
// build) in a temporary folder, with node_modules linked from this checkout.
// The pipeline tests edit and break that copy, never the real spec.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The workspace root (its root config files), three levels up from this test folder. */
export const repoRoot = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const packageDir = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

const ROOT_FILES = ["package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml", "turbo.json", "redocly.yaml", "tsconfig.base.json", ".gitignore"];
/** The packages of the pipeline's first half, found through their exports, and the files a clone of each has. */
const PACKAGES: Record<string, string[]> = {
  "@beeos/spec": ["package.json", "tsconfig.build.json", "openapi.yaml", "paths", "components", "webhooks", "scripts", "src", "CHANGELOG.md"],
  "@beeos/client": ["package.json", "tsconfig.json", "tsconfig.build.json", "scripts", "src", "examples"],
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
    for (const [name, entries] of Object.entries(PACKAGES)) {
      const from = packageDir(name);
      const pkg = relative(repoRoot, from);
      for (const entry of entries) {
        cpSync(join(from, entry), join(this.dir, pkg, entry), {
          recursive: true,
          // generated output is rebuilt here, never copied
          filter: (src) => !src.includes(`${join("src", "generated")}`),
        });
      }
      this.linkModules(join(from, "node_modules"), join(this.dir, pkg, "node_modules"));
    }
    // a clone is a git checkout; turbo hashes inputs through git when it can
    this.git("init", "-q");
    this.git("add", "-A");
    this.git("-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-qm", "base");
  }

  /**
   * The package's installed dependencies, linked one by one, except the workspace's
   * own packages copied here: those resolve to the copies, so a stage reads the
   * spec of this workspace and not of the checkout.
   */
  private linkModules(real: string, target: string): void {
    mkdirSync(target, { recursive: true });
    for (const name of readdirSync(real)) {
      if (name !== "@beeos") {
        symlinkSync(join(real, name), join(target, name));
        continue;
      }
      mkdirSync(join(target, name));
      for (const scoped of readdirSync(join(real, name))) {
        const copy = Object.keys(PACKAGES).includes(`@beeos/${scoped}`) ? join(this.dir, relative(repoRoot, packageDir(`@beeos/${scoped}`))) : join(real, name, scoped);
        symlinkSync(copy, join(target, name, scoped), "dir");
      }
    }
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
