// What an editor shows on hover over an operation method: TypeScript's own
// language service, asked about `beeos.listInstances` in a user's file, must
// answer with the spec's summary, description and parameters.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const userFile = fileURLToPath(new URL("./hover-user.ts", import.meta.url));
const source = `import { createBeeosClient, listInstances as listFn } from "../src/index.js";
const beeos = createBeeosClient({ token: "oag_x" });
void beeos.listInstances;
void beeos.getInstance;
void listFn;
`;

function hover(member: string): string {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, lib: ["lib.es2022.d.ts", "lib.dom.d.ts"] };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [userFile],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const text = name === userFile ? source : ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => process.cwd(),
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === userFile || ts.sys.fileExists(name),
    readFile: (name) => (name === userFile ? source : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host);
  const info = service.getQuickInfoAtPosition(userFile, source.indexOf(member) + 1);
  return [ts.displayPartsToString(info?.displayParts), ts.displayPartsToString(info?.documentation)].join("\n");
}

describe("hover over an operation method", () => {
  it("shows the spec's summary, description, route and parameters", () => {
    const text = hover("listInstances;");
    expect(text).toContain("List instances");
    expect(text).toContain("Lists the caller's instances, one zero-based page at a time.");
    expect(text).toContain("`GET /api/v1/instances`");
    expect(text).toMatch(/`query\.pageSize`: Number of items per page/);
    expect(text).toContain('paginate("listInstances")');
  });

  it("shows the same on the tree-shakable operation function", () => {
    const text = hover("listFn;");
    expect(text).toContain("List instances");
    expect(text).toContain("`GET /api/v1/instances`");
    expect(text).toMatch(/`query\.pageSize`: Number of items per page/);
  });

  it("names required path parameters", () => {
    expect(hover("getInstance;")).toMatch(/`path\.id` \(required\): The instance id\./);
  });
});
