// @ts-check
// The 10-operation fixture: the bundled spec cut down to the paths of the
// operations it started with and the components those still reach, so the
// pipeline's growth with the spec is measured against where it began.
import { HTTP_METHODS, deref, listOperations, pointerOf, reachableComponents } from "@beeos/spec";

export const FIXTURE_OPERATIONS = ["listInstances", "deployInstance", "getInstance", "destroyInstance", "startInstance", "stopInstance", "restartInstance", "listProviders", "listDeployRegions", "listDeployModels"];

/** `doc` with only the operations `keep` (their path items' shared fields stay), no webhooks, and only the components reached through `$ref`s. @param {any} doc */
export function cutFixture(doc, keep = FIXTURE_OPERATIONS) {
  const ops = listOperations(doc).filter((op) => keep.includes(op.operationId));
  const missing = keep.filter((id) => !ops.some((op) => op.operationId === id));
  if (missing.length > 0) throw new Error(`the spec has no operation ${missing.join(", ")} to keep in the fixture`);
  /** @type {Record<string, object>} */
  const paths = {};
  for (const { path, method, operation } of ops) {
    const shared = Object.entries(deref(doc, doc.paths[path])).filter(([key]) => !(/** @type {readonly string[]} */ (HTTP_METHODS).includes(key)));
    paths[path] = { ...Object.fromEntries(shared), ...paths[path], [method]: operation };
  }
  const { webhooks, components = {}, ...rest } = doc;
  const used = reachableComponents(doc, { ...rest, paths });
  /** @type {Array<[string, object]>} security schemes are named by security requirements, never by `$ref` */
  const kept = Object.entries(components).map(([kind, all]) => [
    kind,
    kind === "securitySchemes" ? all : Object.fromEntries(Object.entries(all).filter(([name]) => used.has(pointerOf("components", kind, name)))),
  ]);
  return structuredClone({ ...rest, paths, components: Object.fromEntries(kept.filter(([, all]) => Object.keys(all).length > 0)) });
}
