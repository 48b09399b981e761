// Writes package.json's version into src/version.ts, so a release bump
// (`changeset version`) reaches `torch.version` at the next build.
import { readFileSync, writeFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const file = new URL("../src/version.ts", import.meta.url);
const text = readFileSync(file, "utf8");
const next = text.replace(/export const version = "[^"]*";/, `export const version = "${version}";`);
if (next !== text) writeFileSync(file, next);
