#!/usr/bin/env node
/**
 * Evaluates a model on the CIFAR-10 test set:
 *
 *     pnpm --filter @taimatsu/models eval -- resnet20 --weights DEFAULT --data ./data --limit 1000
 *
 * Progress goes to stderr; the last line on stdout is `top1=NN.NN% images/s=N`.
 */
import { CIFAR10 } from "@taimatsu/datasets";
import { parseEvalArgs, UsageError, type EvalArgs } from "./eval-args.js";
import { evalWeights } from "./eval-weights.js";
import { evaluate, type EvalProgress } from "./evaluate.js";
import { loadFastBackend } from "./load-backend.js";
import { MODEL_BUILDERS } from "../weights/model-builders.js";
import { checkModelName } from "../weights/registry.js";

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(args: EvalArgs): Promise<void> {
  checkModelName(args.model);
  const backend = await loadFastBackend(log);
  const weights = await evalWeights(args.model, args.weights, { mean: args.mean, std: args.std });
  const model = MODEL_BUILDERS[args.model]!({ numClasses: weights.entry?.categories.length });
  model.loadStateDict(weights.stateDict);
  const testSet = await CIFAR10.create({ root: args.data, train: false, download: true, ...(args.md5 === undefined ? {} : { md5: args.md5 }) });
  const { mean, std } = weights.normalization;
  log(`evaluating ${args.model} with ${weights.label} on ${args.limit ?? testSet.length} CIFAR-10 test images (backend ${backend}, batch ${args.batchSize}, mean ${mean.join(",")}, std ${std.join(",")})`);
  const result = evaluate(model, { data: testSet.data, labels: testSet.targets }, { normalization: weights.normalization, batchSize: args.batchSize, limit: args.limit, onBatch: reporter() });
  process.stdout.write(`top1=${result.top1.toFixed(2)}% images/s=${Math.round(result.imagesPerSecond)}\n`);
}

/** A progress line about every two seconds, and one for the last batch. */
function reporter(): (p: EvalProgress) => void {
  let last = 0;
  return (p) => {
    if (p.done < p.total && p.seconds - last < 2) return;
    last = p.seconds;
    log(`  ${p.done}/${p.total} images, top1 ${((100 * p.correct) / p.done).toFixed(2)}%, ${Math.round(p.done / Math.max(p.seconds, 1e-9))} images/s`);
  };
}

try {
  await main(parseEvalArgs(process.argv.slice(2)));
} catch (error) {
  log(error instanceof UsageError ? error.message : `eval: ${(error as Error).message}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
