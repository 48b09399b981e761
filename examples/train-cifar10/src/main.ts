#!/usr/bin/env node
/**
 * Trains a CIFAR-10 model from the zoo:
 *
 *     node dist/main.js --model resnet20 --epochs 30 --nesterov --no-bn-bias-decay
 *     node dist/main.js --model net --subset 2000 --epochs 1     # a quick run
 *
 * Offline machines: TAIMATSU_DATASETS_MIRROR=file:///path/to/folder/ and --md5 for a non-official copy.
 */
import { commandLine } from "./command-line.js";
import { useNativeBackend } from "./native-backend.js";
import { parseTrainArgs, UsageError } from "./options.js";
import { runTraining } from "./train.js";

const log = (line: string) => console.log(line);

try {
  const options = parseTrainArgs(process.argv.slice(2));
  await useNativeBackend((line) => console.error(line));
  await runTraining(options, { log, command: commandLine(process.argv) });
} catch (error) {
  console.error(error instanceof UsageError ? error.message : ((error as Error).stack ?? String(error)));
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
