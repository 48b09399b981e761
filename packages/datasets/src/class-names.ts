import { readFileSync } from "node:fs";

/** Class names from a text file, one per line (blank lines ignored). */
export function readClassNames(path: string, what: string): string[] {
  try {
    return readFileSync(path, "utf8").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  } catch (e) {
    throw new Error(`${what}: cannot read class names from ${path}: ${(e as Error).message}; delete the folder and download again`, { cause: e });
  }
}
