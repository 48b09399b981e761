import { loadBackend, rate } from "../lib/backend.mjs";

export const cases = [
  {
    name: "sgemm-1024",
    unit: "GFLOP/s",
    higherIsBetter: true,
    async run() {
      const torch = await loadBackend();
      const a = torch.randn([1024, 1024]);
      const b = torch.randn([1024, 1024]);
      // the product is dropped inside the scope, as PyTorch drops it when its refcount falls to zero
      return (rate(() => torch.scope(() => void a.mm(b)), 2) * 2 * 1024 ** 3) / 1e9;
    },
  },
];
