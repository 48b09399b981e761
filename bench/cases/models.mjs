import { loadBackend, rate } from "../lib/backend.mjs";
import { resnet20, TutorialNet } from "../lib/networks.mjs";

/** Training steps per second of SGD with momentum on random CIFAR-shaped data. */
async function trainRate(makeModel, batch, lr) {
  const torch = await loadBackend();
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
  return rate(step, 5);
}

export const cases = [
  { name: "tutorial-cnn-train-b4", unit: "steps/s", higherIsBetter: true, run: () => trainRate((t) => new TutorialNet(t), 4, 0.001) },
  { name: "tutorial-cnn-train-b64", unit: "steps/s", higherIsBetter: true, run: () => trainRate((t) => new TutorialNet(t), 64, 0.001) },
  {
    name: "resnet20-train-b64",
    unit: "images/s",
    higherIsBetter: true,
    run: async () => (await trainRate((t) => resnet20(t), 64, 0.1)) * 64,
  },
  {
    name: "resnet20-infer-b256",
    unit: "images/s",
    higherIsBetter: true,
    async run() {
      const torch = await loadBackend();
      const model = resnet20(torch).eval();
      const x = torch.randn([256, 3, 32, 32]);
      return rate(() => torch.scope(() => void torch.noGrad(() => model.call(x))), 2) * 256;
    },
  },
];
