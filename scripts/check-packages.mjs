// The package check: what a user gets from npm, tried outside the monorepo.
// 1. packs every public package (prepack builds each and refuses missing files);
// 2. installs core + cpu-native from the tarballs into a fresh npm project,
//    offline, and runs a snippet through import and one through require;
//    then cuda, whose addon builds without CUDA and which says why it cannot run;
// 3. adds vision, bundles core and vision for the browser from that project
//    with esbuild, failing on any Node built-in, and runs the bundle in
//    headless Chromium: training, save/load of bytes, decoding an image.
// Usage: node scripts/check-packages.mjs [--keep]  (CHROMIUM=path overrides /usr/bin/chromium)
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForBrowser } from "./package-check/bundle.mjs";
import { runInChromium } from "./package-check/chromium.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const here = join(root, "scripts", "package-check");
const work = mkdtempSync(join(tmpdir(), "taimatsu-packages-"));
const packs = join(work, "packs");
const project = join(work, "project");
const PUBLIC = ["core", "kernel-abi", "cpu-native", "cuda", "vision", "datasets", "models"];

/** Runs a command; its output is shown when it fails or when `show` is set. */
function run(command, args, cwd, { show = true } = {}) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const r = spawnSync(command, args, { cwd, stdio: show ? "inherit" : "pipe", encoding: "utf8" });
  if (r.status !== 0) {
    if (!show) process.stderr.write(`${r.stdout}${r.stderr}`);
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd} (exit ${r.status})`);
  }
}

function tarball(name) {
  const file = readdirSync(packs).find((f) => f.startsWith(`taimatsu-${name}-`) && f.endsWith(".tgz"));
  if (!file) throw new Error(`no tarball for @taimatsu/${name} in ${packs}`);
  return join(packs, file);
}

try {
  mkdirSync(packs);
  for (const name of PUBLIC) run("pnpm", ["pack", "--pack-destination", packs], join(root, "packages", name), { show: false });

  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "taimatsu-package-check", private: true }, null, 2));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--foreground-scripts", tarball("core"), tarball("kernel-abi"), tarball("cpu-native")], project);
  for (const file of ["node-esm.mjs", "node-cjs.cjs", "browser-entry.mjs"]) copyFileSync(join(here, file), join(project, file));
  run(process.execPath, ["node-esm.mjs"], project);
  run(process.execPath, ["node-cjs.cjs"], project);
  // the CUDA backend installs without CUDA and says why it cannot run
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--foreground-scripts", tarball("cuda")], project);
  copyFileSync(join(here, "node-cuda.mjs"), join(project, "node-cuda.mjs"));
  run(process.execPath, ["node-cuda.mjs"], project);
  // vision's one dependency (jpeg-js) comes from the registry (or npm's cache)
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball("vision")], project);

  const bundle = await bundleForBrowser(join(project, "browser-entry.mjs"), join(work, "browser-bundle.js"));
  const result = await runInChromium(bundle, join(work, "chromium-profile"));
  if (result.error) throw new Error(`the browser bundle failed in Chromium: ${result.error}`);
  if (!(result.last < result.first * 0.2)) throw new Error(`training in Chromium did not converge: ${JSON.stringify(result)}`);
  if (!result.same) throw new Error("a state dict saved to bytes in Chromium did not load back equal");
  const wanted = JSON.stringify({ pixels: [[[255, 0]], [[0, 0]], [[0, 255]]], rgba: [[[255, 0]], [[0, 0]], [[0, 255]], [[255, 255]]] });
  const got = JSON.stringify({ pixels: result.image.pixels, rgba: result.image.rgba });
  if (got !== wanted) throw new Error(`vision decoded the page's image wrongly in Chromium: ${got}, expected ${wanted}`);
  console.log(`browser: ok (core ${result.version} on ${result.backend}, loss ${result.first.toFixed(3)} -> ${result.last.toFixed(4)})`);
  console.log("package check: ok");
} finally {
  if (process.argv.includes("--keep")) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
