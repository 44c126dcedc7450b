export { classify, IMPACTS, type Change, type Classification, type Impact } from "./classify.js";
export { gate, parseVersion, type GateResult, type VersionPair } from "./versions.js";
export { changelogEntry, upsertEntry, changelogVersions } from "./changelog.js";
export { bundle } from "./spec.js";
export { run, CHANGELOG, type Io } from "./run.js";
