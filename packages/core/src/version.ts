// Kept equal to package.json's version by scripts/sync-version.mjs (run by build).
export const version = "0.1.0";
