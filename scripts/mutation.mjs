#!/usr/bin/env node
/**
 * Mutation testing: plants one small bug at a time (a flipped comparison, an
 * off-by-one, a swapped operator, a changed constant) in the source files of
 * a target, runs that target's tests, and counts the mutants the tests kill.
 * A surviving mutant is a line whose behaviour no test checks.
 *
 *   pnpm mutation                      every target, 12 mutants per file
 *   pnpm mutation vision --per-file 20 one target, more mutants
 *   pnpm mutation --seed 7             another sample of mutants
 *
 * Mutants are drawn with a seeded generator, so a run can be repeated. Each
 * source file is restored after its mutants, also on Ctrl-C. Tests run from
 * the sources (vitest compiles them), so no build is needed between mutants.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** What is mutated, and the tests that must catch it (paths relative to the package). */
const TARGETS = {
  vision: {
    pkg: "packages/vision",
    files: ["src/transforms/random-crop.ts", "src/transforms/random-erasing.ts", "src/transforms/random-resized-crop.ts", "src/functional/normalize.ts", "src/functional/crop.ts", "src/functional/flip.ts", "src/functional/pad.ts", "src/io/png-decode.ts"],
    tests: ["test"],
  },
  datasets: {
    pkg: "packages/datasets",
    files: ["src/cifar-binary.ts", "src/cifar-dataset.ts", "src/idx-file.ts", "src/mnist.ts", "src/image-folder.ts", "src/download/tar-parser.ts", "src/download/extract.ts", "src/verified-stamp.ts"],
    tests: ["test/official-layouts.test.ts", "test/cifar-verify.test.ts", "test/extract-safety.test.ts", "test/download.test.ts", "test/fuzz-parsers.test.ts", "test/mnist-imagefolder.test.ts"],
  },
  core: {
    pkg: "packages/core",
    files: ["src/serialization/safetensors/header.ts", "src/serialization/zip/reader.ts", "src/serialization/pickle/text.ts", "src/data/samplers/batch-sampler.ts", "src/data/samplers/random-sampler.ts", "src/data/datasets/random-split.ts", "src/data/loader/collate.ts"],
    tests: ["test/serialization-safetensors.test.ts", "test/checkpoint-zip.test.ts", "test/checkpoint-load.test.ts", "test/checkpoint-pickle.test.ts", "test/fuzz-parsers.test.ts", "test/data-samplers.test.ts", "test/data-datasets.test.ts", "test/data-collate.test.ts", "test/data-loader.test.ts"],
  },
};

/** Replacements tried at each match; the first group is kept. */
const OPERATORS = [
  [/ (<=) /g, " < "], [/ (<) /g, " <= "], [/ (>=) /g, " > "], [/ (>) /g, " >= "],
  [/ (===) /g, " !== "], [/ (!==) /g, " === "], [/ (&&) /g, " || "], [/ (\|\|) /g, " && "],
  [/ (\+) (?!=)/g, " - "], [/ (-) (?!=)/g, " + "], [/ (\*) /g, " / "],
  [/ (\+ 1)\b/g, ""], [/ (- 1)\b/g, ""], [/\b(0)\b(?![.xn])/g, "1"], [/\b(1)\b(?![.xn])/g, "0"],
  [/(\+\+)/g, "--"], [/\b(true)\b/g, "false"], [/\b(false)\b/g, "true"],
];

function parseArgs(argv) {
  const opts = { targets: [], perFile: 12, seed: 1, timeoutS: 300 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--per-file") opts.perFile = Number(argv[++i]);
    else if (argv[i] === "--seed") opts.seed = Number(argv[++i]);
    else if (argv[i] === "--timeout") opts.timeoutS = Number(argv[++i]);
    else if (argv[i] in TARGETS) opts.targets.push(argv[i]);
    else throw new Error(`mutation: unknown argument ${argv[i]} (targets: ${Object.keys(TARGETS).join(", ")})`);
  }
  if (opts.targets.length === 0) opts.targets = Object.keys(TARGETS);
  return opts;
}

/** Every (line, operator, position) where a mutant can be planted, skipping comments and imports. */
function candidates(source) {
  const out = [];
  source.split("\n").forEach((line, lineNo) => {
    const code = line.replace(/\/\/.*$/, "");
    if (/^\s*(\*|\/\*|import |export \{|export type|\})/.test(code) || code.trim() === "") return;
    OPERATORS.forEach(([pattern, replacement], op) => {
      for (const m of code.matchAll(pattern)) out.push({ lineNo, op, index: m.index, match: m[0], replacement: m[0].replace(m[1], replacement) });
    });
  });
  return out;
}

function apply(source, c) {
  const lines = source.split("\n");
  const line = lines[c.lineNo];
  lines[c.lineNo] = line.slice(0, c.index) + c.replacement + line.slice(c.index + c.match.length);
  return lines.join("\n");
}

function sample(items, n, rand) {
  const pool = [...items];
  const out = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  return out.sort((a, b) => a.lineNo - b.lineNo);
}

function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function runTests(pkg, tests, timeoutS) {
  const r = spawnSync("npx", ["vitest", "run", "--bail", "1", "--reporter", "dot", ...tests], { cwd: join(ROOT, pkg), encoding: "utf8", timeout: timeoutS * 1000, env: { ...process.env, CI: "1" } });
  return r.status === 0 ? "survived" : r.error ? "timeout" : "killed";
}

const opts = parseArgs(process.argv.slice(2));
const rand = seeded(opts.seed);
let restore = null;
process.on("SIGINT", () => {
  restore?.();
  process.exit(130);
});
const totals = { killed: 0, survived: 0, timeout: 0 };
const survivors = [];
for (const name of opts.targets) {
  const t = TARGETS[name];
  if (runTests(t.pkg, t.tests, opts.timeoutS) !== "survived") throw new Error(`mutation: ${name}'s tests fail before any mutation; fix them first`);
  const score = { killed: 0, survived: 0, timeout: 0 };
  for (const file of t.files) {
    const path = join(ROOT, t.pkg, file);
    const original = readFileSync(path, "utf8");
    restore = () => writeFileSync(path, original);
    try {
      for (const c of sample(candidates(original), opts.perFile, rand)) {
        writeFileSync(path, apply(original, c));
        const outcome = runTests(t.pkg, t.tests, opts.timeoutS);
        score[outcome]++;
        const where = `${relative(ROOT, path)}:${c.lineNo + 1}: ${c.match.trim()} -> ${c.replacement.trim() || "(removed)"}`;
        if (outcome === "survived") survivors.push(where);
        process.stdout.write(`${outcome.padEnd(8)} ${where}\n`);
      }
    } finally {
      restore();
      restore = null;
    }
  }
  const n = score.killed + score.survived + score.timeout;
  console.log(`${name}: ${score.killed + score.timeout}/${n} killed (${(((score.killed + score.timeout) / n) * 100).toFixed(1)}%)${score.timeout ? `, ${score.timeout} by timeout` : ""}`);
  for (const k of Object.keys(totals)) totals[k] += score[k];
}
const n = totals.killed + totals.survived + totals.timeout;
console.log(`\nmutation score: ${totals.killed + totals.timeout}/${n} (${(((totals.killed + totals.timeout) / n) * 100).toFixed(1)}%), seed ${opts.seed}, ${opts.perFile} per file`);
if (survivors.length) console.log(`survivors:\n  ${survivors.join("\n  ")}`);
