// Run by each package's prepack, in the package folder: packing stops when a
// file that package.json points at (exports, main, types, bin) is missing, so
// an unbuilt package can never be packed into an empty tarball.
import { existsSync, readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));

function targets(value) {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(targets);
  return [];
}

const wanted = [pkg.main, pkg.types, ...targets(pkg.exports), ...targets(pkg.bin)].filter(Boolean);
const missing = [...new Set(wanted)].filter((path) => !path.includes("*") && !existsSync(path));
if (missing.length > 0) {
  console.error(`${pkg.name}: cannot pack, these files are missing (run \`pnpm --filter ${pkg.name} build\`): ${missing.join(", ")}`);
  process.exit(1);
}
