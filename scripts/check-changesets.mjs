// Release dry run: `changeset version` on a temporary copy of the workspace's
// manifests and pending changesets, so a changeset that cannot be applied (a
// misspelt package, bad frontmatter) or a bump that would leave 0.x fails here
// instead of at release time. Prints the versions a release would publish.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const copy = mkdtempSync(join(tmpdir(), "taimatsu-release-"));
const tracked = spawnSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).stdout.split("\n");
const wanted = tracked.filter((f) => /(^|\/)(package\.json|CHANGELOG\.md)$/.test(f) || f.startsWith(".changeset/") || f === "pnpm-workspace.yaml");
const version = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;

try {
  for (const file of wanted) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  const cli = join(root, "node_modules", "@changesets", "cli", "bin.js");
  const r = spawnSync(process.execPath, [cli, "version"], { cwd: copy, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`changeset version failed:\n${r.stdout}${r.stderr}`);
  const manifests = wanted.filter((f) => f.startsWith("packages/") && f.endsWith("/package.json"));
  for (const manifest of manifests) {
    const dir = dirname(manifest);
    const [before, after] = [version(join(root, dir)), version(join(copy, dir))];
    const name = JSON.parse(readFileSync(join(copy, manifest), "utf8")).name;
    if (before.startsWith("0.") && !after.startsWith("0.")) throw new Error(`${name} would jump from ${before} to ${after}: a 0.x package should not leave 0.x by a dependency bump`);
    console.log(`${name}: ${before} -> ${after}`);
  }
  console.log("changeset version: ok (dry run)");
} finally {
  rmSync(copy, { recursive: true, force: true });
}
