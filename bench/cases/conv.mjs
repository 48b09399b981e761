import { loadBackend, rate } from "../lib/backend.mjs";

export const cases = [
  {
    name: "conv3x3-64-32x32-b64-fwdbwd",
    unit: "ms",
    higherIsBetter: false,
    async run() {
      const torch = await loadBackend();
      const F = torch.nn.functional;
      const x = torch.randn([64, 64, 32, 32], { requiresGrad: true });
      const w = torch.randn([64, 64, 3, 3], { requiresGrad: true });
      const step = () =>
        torch.scope(() => {
          F.conv2d(x, w, null, { padding: 1 }).sum().backward();
          x.grad = null;
          w.grad = null;
        });
      return 1000 / rate(step, 2);
    },
  },
];
