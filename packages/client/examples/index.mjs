// The client's example programs, as a package export (`@beeos/client/examples`): the
// docs show them as the reference's TypeScript samples and inside the guides.
import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the examples folder. */
export const examplesDir = dirname(fileURLToPath(import.meta.url));

/** The example programs (`.ts` file names) of a folder, this one by default, sorted. */
export const listExamples = (dir = examplesDir) => readdirSync(dir).filter((file) => file.endsWith(".ts")).sort();
