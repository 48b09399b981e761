/**
 * PyTorch's "Training a Classifier" tutorial (CIFAR-10), step for step:
 * load and normalize CIFAR-10, define a CNN, a loss and an optimizer, train,
 * then test. Output lines match the Python tutorial's format.
 */
import * as torch from "@taimatsu/core";
import { CIFAR10 } from "@taimatsu/datasets";
import { transforms, type Image } from "@taimatsu/vision";
import { Net } from "./net.js";
import type { TutorialOptions } from "./options.js";

const { nn, optim } = torch;
const { DataLoader, Subset } = torch.utils.data;

/** The tutorial's short class names, in label order. */
export const CLASSES = ["plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"] as const;

export interface TutorialResult {
  /** Overall test accuracy in percent (the printed value is its floor). */
  accuracy: number;
  perClass: Record<string, number>;
  /** Running-loss values printed during training. */
  losses: number[];
}

type Batch = [torch.Tensor, torch.Tensor];
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const pad5 = (name: string) => name.padEnd(5);

async function loadData(options: TutorialOptions) {
  const transform = new transforms.Compose<Image, torch.Tensor>([new transforms.ToTensor(), new transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
  const source = {
    root: options.root,
    download: true,
    transform,
    progress: !options.quiet,
    ...(options.mirror ? { mirror: options.mirror } : {}),
    ...(options.mirrorOnly ? { mirrorOnly: true } : {}),
    ...(options.md5 ? { md5: options.md5 } : {}),
  };
  const trainset = await CIFAR10.create<torch.Tensor>({ ...source, train: true });
  const testset = await CIFAR10.create<torch.Tensor>({ ...source, train: false });
  const train = options.subset ? new Subset(trainset, range(Math.min(options.subset, trainset.length))) : trainset;
  const test = options.testSubset ? new Subset(testset, range(Math.min(options.testSubset, testset.length))) : testset;
  const loader = (data: typeof train, shuffle: boolean) =>
    new DataLoader<[torch.Tensor, number], Batch>(data, { batchSize: options.batchSize, shuffle, numWorkers: options.workers });
  return { trainloader: loader(train, true), testloader: loader(test, false) };
}

async function train(net: Net, trainloader: AsyncIterable<Batch>, options: TutorialOptions, log: (line: string) => void): Promise<number[]> {
  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(net.parameters(), { lr: 0.001, momentum: 0.9 });
  const losses: number[] = [];
  const started = performance.now();
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    let runningLoss = 0;
    let i = 0;
    for await (const [inputs, labels] of trainloader) {
      optimizer.zeroGrad();
      const outputs = net.call(inputs);
      const loss = criterion.call(outputs, labels);
      loss.backward();
      optimizer.step();
      runningLoss += loss.item();
      if (i % options.logEvery === options.logEvery - 1) {
        losses.push(runningLoss / options.logEvery);
        log(`[${epoch + 1}, ${String(i + 1).padStart(5)}] loss: ${(runningLoss / options.logEvery).toFixed(3)}`);
        runningLoss = 0;
      }
      i++;
    }
  }
  log("Finished Training");
  // on stderr, so stdout stays the tutorial's own output
  console.error(`(training: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return losses;
}

/** The tutorial's first look at the test set: four labels, then what the saved network predicts. */
async function showPredictions(path: string, testloader: AsyncIterable<Batch>, log: (line: string) => void): Promise<void> {
  const iterator = testloader[Symbol.asyncIterator]();
  const first = await iterator.next();
  await iterator.return?.();
  if (first.done) return;
  const [images, labels] = first.value;
  log(`GroundTruth:  ${labels.toArray().map((l) => pad5(CLASSES[l]!)).join(" ")}`);
  const net = new Net();
  net.loadStateDict(torch.load(path));
  const [, predicted] = torch.noGrad(() => net.call(images)).max(1);
  log(`Predicted:  ${predicted!.toArray().map((p) => pad5(CLASSES[p]!)).join(" ")}`);
}

async function evaluate(net: Net, testloader: AsyncIterable<Batch>, log: (line: string) => void): Promise<Pick<TutorialResult, "accuracy" | "perClass">> {
  let correct = 0;
  let total = 0;
  const correctPred = new Array<number>(CLASSES.length).fill(0);
  const totalPred = new Array<number>(CLASSES.length).fill(0);
  for await (const [images, labels] of testloader) {
    const [, predicted] = torch.noGrad(() => net.call(images)).max(1);
    total += labels.size(0);
    correct += predicted!.eq(labels).sum().item();
    const truth = labels.toArray();
    predicted!.toArray().forEach((p, k) => {
      totalPred[truth[k]!]! += 1;
      if (p === truth[k]) correctPred[truth[k]!]! += 1;
    });
  }
  log(`Accuracy of the network on the ${total} test images: ${Math.floor((100 * correct) / total)} %`);
  const perClass: Record<string, number> = {};
  CLASSES.forEach((name, c) => {
    const accuracy = totalPred[c] ? (100 * correctPred[c]!) / totalPred[c]! : NaN;
    perClass[name] = accuracy;
    log(`Accuracy for class: ${pad5(name)} is ${Number.isNaN(accuracy) ? "n/a" : accuracy.toFixed(1)} %`);
  });
  return { accuracy: (100 * correct) / total, perClass };
}

/** Runs the whole tutorial; `log` receives each line PyTorch's version prints. */
export async function runTutorial(options: TutorialOptions, log: (line: string) => void = console.log): Promise<TutorialResult> {
  if (options.seed !== undefined) torch.manualSeed(options.seed);
  const { trainloader, testloader } = await loadData(options);
  const net = new Net();
  const losses = await train(net, trainloader, options, log);
  torch.save(net.stateDict(), options.out);
  await showPredictions(options.out, testloader, log);
  const result = await evaluate(net, testloader, log);
  return { ...result, losses };
}
