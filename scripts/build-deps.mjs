// Run before a package's tests: builds the package and what it depends on
// (turbo skips what is up to date), so `pnpm --filter <pkg> test` works on a
// fresh clone. Under turbo (`pnpm test`) the task graph has built them already.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

if (process.env.TURBO_HASH === undefined) {
  const { name } = JSON.parse(readFileSync("package.json", "utf8"));
  const args = ["run", "build", `--filter=${name}...`, "--output-logs=errors-only"];
  const r = spawnSync("turbo", args, { stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
