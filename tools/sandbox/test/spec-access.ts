// The spec, read only through @beeos/spec (the one reader of it).
import type { SpecResponse } from "@beeos/spec";
export { listOperations, loadBundledSpec, pointerOf } from "@beeos/spec";

/** The JSON schema pointer of a documented response, if it has a JSON body. */
export const responseSchemaPointerOf = (response: SpecResponse): string | undefined =>
  response.content.find((c) => c.mediaType === "application/json")?.schemaPointer;
