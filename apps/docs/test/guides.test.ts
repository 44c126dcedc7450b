// Every TypeScript block the guides show is a whole program that type-checks against
// the built @beeos/client, as a reader would paste it into a project. (Blocks that
// include an example file are checked with the client's own examples.)
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const appDir = resolve(fileURLToPath(new URL("..", import.meta.url)));
const guidesDir = join(appDir, "guides");

interface Block {
  guide: string;
  line: number;
  code: string;
}

function tsBlocks(guide: string, markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const match of markdown.matchAll(/^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    if (/\bexample=/.test(match[2] ?? "")) continue;
    blocks.push({ guide, line: markdown.slice(0, match.index).split("\n").length + 1, code: match[3] ?? "" });
  }
  return blocks;
}

// The READMEs show the client too; what they show must compile just the same.
const READMES = ["README.md", "packages/client/README.md"];
const blocks = [
  ...readdirSync(guidesDir)
    .filter((f) => f.endsWith(".md"))
    .map((f) => `apps/docs/guides/${f}`),
  ...READMES,
].flatMap((rel) => tsBlocks(rel, readFileSync(join(appDir, "..", "..", rel), "utf8")));

// Inside the package, so that "@beeos/client" resolves as it does for a user.
const work = mkdtempSync(join(appDir, ".guide-blocks-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function typeCheck(files: Map<string, Block>): string[] {
  const base = ts.readConfigFile(join(appDir, "..", "..", "tsconfig.base.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(base.config, ts.sys, appDir);
  const program = ts.createProgram([...files.keys()], { ...options, noEmit: true, types: ["node"] });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const block = d.file && files.get(d.file.fileName);
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const where = block && at ? `${block.guide}:${block.line + at.line}` : d.file?.fileName ?? "";
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

function write(list: Block[]): Map<string, Block> {
  const files = new Map<string, Block>();
  list.forEach((block, i) => {
    const file = join(work, `${block.guide.replace(/\.md$/, "").replace(/\W+/g, "-")}-${i}.ts`);
    writeFileSync(file, block.code);
    files.set(file, block);
  });
  return files;
}

describe("guide code blocks", () => {
  it("are found in the guides", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it("type-check against the client", () => {
    expect(typeCheck(write(blocks))).toEqual([]);
  });

  it("a block that misuses the client fails, with the guide's file and line", () => {
    const bad: Block = { guide: "apps/docs/guides/broken.md", line: 10, code: `import { createBeeosClient } from "@beeos/client";\nawait createBeeosClient().listInstances({ query: { pageSize: "ten" } });\n` };
    const errors = typeCheck(write([bad]));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^apps\/docs\/guides\/broken\.md:11: Type .string. is not assignable to type .number/);
  });
});
