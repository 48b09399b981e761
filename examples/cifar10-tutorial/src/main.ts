#!/usr/bin/env node
/**
 * The CIFAR-10 tutorial from the command line:
 *   node dist/main.js                          # the full tutorial (2 epochs, batch 4, 2 workers)
 *   node dist/main.js --subset 2000 --epochs 1 # a quick run
 * Offline: --mirror file:///path/to/folder/ (or TAIMATSU_DATASETS_MIRROR) and --md5 for a non-official copy.
 */
import { useFastestBackend } from "./backend.js";
import { forCommandLine } from "./cli-errors.js";
import { parseArgs, UsageError } from "./options.js";
import { runTutorial } from "./tutorial.js";

try {
  const options = parseArgs(process.argv.slice(2), process.env);
  await useFastestBackend((line) => console.warn(line));
  const started = Date.now();
  await runTutorial(options);
  console.error(`(${((Date.now() - started) / 1000).toFixed(1)} s; weights saved to ${options.out})`);
} catch (e) {
  console.error(e instanceof UsageError ? e.message : forCommandLine(e));
  process.exitCode = e instanceof UsageError ? 2 : 1;
}
