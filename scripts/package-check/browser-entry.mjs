// Bundled for the browser from the installed tarballs and run in headless
// Chromium: a training step, a DataLoader epoch and save/load of bytes, on
// core's reference backend, and vision decoding an image the page drew.
import * as torch from "@taimatsu/core";
import { io } from "@taimatsu/vision";

/** A 2x1 PNG made by the browser (red, then half-transparent blue), decoded back to RGBA CHW. */
async function decodeDrawnImage() {
  const canvas = new OffscreenCanvas(2, 1);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "rgb(255, 0, 0)";
  ctx.fillRect(0, 0, 1, 1);
  ctx.fillStyle = "rgba(0, 0, 255, 1)";
  ctx.fillRect(1, 0, 1, 1);
  const png = await canvas.convertToBlob({ type: "image/png" });
  const decoded = await io.decodeImageAsync(png);
  const direct = io.fromImageBitmap(canvas, { mode: "rgba" });
  return { shape: decoded.shape, pixels: decoded.tolist(), rgba: direct.tolist() };
}

async function main() {
  torch.manualSeed(0);
  const x = torch.randn([64, 4]);
  const y = x.matmul(torch.tensor([[1], [-2], [0.5], [3]])).add(0.25);
  const net = new torch.nn.Sequential(new torch.nn.Linear(4, 8), new torch.nn.ReLU(), new torch.nn.Linear(8, 1));
  // lr 0.05 with momentum 0.9 sits on the edge of divergence for this problem (PyTorch diverges too for some batch orders)
  const opt = new torch.optim.SGD(net.parameters(), { lr: 0.02, momentum: 0.9 });
  const loader = new torch.utils.data.DataLoader(new torch.utils.data.TensorDataset(x, y), { batchSize: 16, shuffle: true });
  const losses = [];
  for (let epoch = 0; epoch < 20; epoch++) {
    let total = 0;
    for await (const [xb, yb] of loader) {
      opt.zeroGrad();
      const loss = torch.nn.functional.mseLoss(net.forward(xb), yb);
      loss.backward();
      opt.step();
      total += loss.item();
    }
    losses.push(total / 4);
  }
  const bytes = torch.saveToBytes(net.stateDict());
  const blob = new Blob([bytes]);
  const back = torch.loadFromBytes(new Uint8Array(await blob.arrayBuffer()));
  const copy = new torch.nn.Sequential(new torch.nn.Linear(4, 8), new torch.nn.ReLU(), new torch.nn.Linear(8, 1));
  copy.loadStateDict(back);
  const same = torch.equal(copy.forward(x), net.forward(x));
  const image = await decodeDrawnImage();
  return { first: losses[0], last: losses.at(-1), same, image, backend: torch.backends.backendFor("cpu").name, version: torch.version };
}

main().then(
  (result) => (globalThis.__result = result),
  (error) => (globalThis.__result = { error: String(error?.stack ?? error) }),
);
