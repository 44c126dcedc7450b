// Written by scripts/version.mjs from package.json (`pnpm build` runs it); do not edit.
export const VERSION = "1.0.0";
