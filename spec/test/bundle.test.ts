// The bundled document is what every downstream part reads: it must be
// self-contained, pass the same strict lint as the sources, and agree with
// its YAML twin.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { bundledSpecPath as bundlePath, bundledSpecYamlPath, loadBundledSpec as loadBundle } from "../src/index.js";
import { redoclySync } from "../src/redocly.js";

const configPath = fileURLToPath(new URL("../../redocly.yaml", import.meta.url));

describe("spec/dist", () => {
  it("passes the strict lint rules as a single bundled file", () => {
    const run = redoclySync(["lint", bundlePath, "--format=stylish"], { config: configPath });
    expect(run.report).not.toMatch(/error/i);
    expect(run.status, run.report).toBe(0);
  });

  it("is self-contained: every $ref points inside the document", () => {
    const refs = [...readFileSync(bundlePath, "utf8").matchAll(/"\$ref": "([^"]*)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.filter((r) => !r!.startsWith("#/"))).toEqual([]);
  });

  it("writes the same document as YAML", () => {
    const yaml = parse(readFileSync(bundledSpecYamlPath, "utf8"));
    expect(yaml).toEqual(loadBundle());
  });
});
