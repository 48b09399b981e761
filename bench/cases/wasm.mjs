// The wasm backend (@taimatsu/wasm) in Node, same thread count as every case: ResNet-20 inference
// against the other JavaScript runtimes (onnxruntime-web's and TensorFlow.js's wasm backends), and
// training against cpu-native. Each figure comes from a process of its own (run.mjs).
import { loadBackend, rate } from "../lib/backend.mjs";
import { ortResnet20Rate, tfjsResnet20Rate } from "../lib/baselines.mjs";
import { resnet20, TutorialNet } from "../lib/networks.mjs";

/** Core with the wasm backend serving cpu (cpu-native is not loaded), its workers running. */
async function loadWasm() {
  const torch = await import("@taimatsu/core");
  const wasm = await import("@taimatsu/wasm");
  await wasm.ready();
  if (torch.backends.backendFor("cpu").name !== "wasm") throw new Error("the wasm backend does not serve cpu");
  return torch;
}

async function inferRate(torch, batch) {
  torch.manualSeed(0);
  const model = resnet20(torch).eval();
  const x = torch.randn([batch, 3, 32, 32]);
  return rate(() => torch.scope(() => void torch.noGrad(() => model.call(x))), 3) * batch;
}

async function trainRate(torch, makeModel, batch, lr) {
  const { nn, optim } = torch;
  torch.manualSeed(0);
  const model = makeModel(torch);
  const opt = new optim.SGD(model.parameters(), { lr, momentum: 0.9 });
  const lossFn = new nn.CrossEntropyLoss();
  const x = torch.randn([batch, 3, 32, 32]);
  const y = torch.randint(0, 10, [batch]);
  const step = () =>
    torch.scope(() => {
      opt.zeroGrad();
      lossFn.call(model.call(x), y).backward();
      opt.step();
    });
  return rate(step, 3);
}

const infer = (batch) => ({
  name: `wasm-resnet20-infer-b${batch}`,
  unit: "images/s",
  higherIsBetter: true,
  run: async () => inferRate(await loadWasm(), batch),
  baselines: {
    "onnxruntime-web": ({ threads }) => ortResnet20Rate(batch, threads),
    "tfjs-wasm": ({ threads }) => tfjsResnet20Rate(batch, threads),
  },
});

const train = (name, makeModel, batch, lr, perImage) => ({
  name: `wasm-${name}`,
  unit: perImage ? "images/s" : "steps/s",
  higherIsBetter: true,
  run: async () => (await trainRate(await loadWasm(), makeModel, batch, lr)) * (perImage ? batch : 1),
  baselines: { "cpu-native": async () => (await trainRate(await loadBackend(), makeModel, batch, lr)) * (perImage ? batch : 1) },
});

export const cases = [
  infer(1),
  infer(64),
  train("tutorial-cnn-train-b4", (t) => new TutorialNet(t), 4, 0.001, false),
  train("tutorial-cnn-train-b64", (t) => new TutorialNet(t), 64, 0.001, false),
  train("resnet20-train-b64", (t) => resnet20(t), 64, 0.1, true),
];
