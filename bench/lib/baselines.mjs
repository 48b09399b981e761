// The other JavaScript runtimes the wasm backend is compared with, on ResNet-20 inference with the same
// thread count: onnxruntime-web's wasm backend (the network exported from pytorch_cases.py) and
// TensorFlow.js's wasm backend (the same network written with tfjs ops, NHWC as tfjs prefers).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { rate } from "./backend.mjs";

const here = dirname(fileURLToPath(import.meta.url));

/** ResNet-20 as ONNX, exported once by PyTorch into results/. */
function resnet20Onnx() {
  const path = join(here, "..", "results", "resnet20.onnx");
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    // PyTorch's exporter warns about constant folding on stderr: shown only if the export fails
    execFileSync("/usr/bin/python3", [join(here, "..", "export_resnet20_onnx.py"), path], { cwd: join(here, ".."), stdio: "pipe" });
  }
  return readFileSync(path);
}

/** Images per second of onnxruntime-web's wasm backend. */
export async function ortResnet20Rate(batch, threads) {
  const ort = await import("onnxruntime-web");
  ort.env.wasm.numThreads = threads;
  const session = await ort.InferenceSession.create(resnet20Onnx(), { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
  const x = new ort.Tensor("float32", Float32Array.from({ length: batch * 3 * 32 * 32 }, () => Math.random() - 0.5), [batch, 3, 32, 32]);
  // inference is asynchronous in onnxruntime-web: time sequential awaited runs
  for (let i = 0; i < 3; i++) await session.run({ x });
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 2000 || n < 2) {
    await session.run({ x });
    n++;
  }
  await session.release();
  return (n / ((performance.now() - start) / 1000)) * batch;
}

/** Images per second of TensorFlow.js's wasm backend, the network written with tfjs ops (inference: batch norm as scale and shift). */
export async function tfjsResnet20Rate(batch, threads) {
  const tf = await import("@tensorflow/tfjs-core");
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  wasm.setThreadsCount?.(threads);
  await tf.setBackend("wasm");
  await tf.ready();
  const conv = (cin, cout) => ({ w: tf.randomNormal([3, 3, cin, cout], 0, Math.sqrt(2 / (9 * cin))), scale: tf.randomUniform([cout], 0.5, 1.5), shift: tf.randomNormal([cout], 0, 0.1) });
  const convBn = (x, p, stride) => tf.add(tf.mul(tf.conv2d(x, p.w, stride, "same"), p.scale), p.shift);
  const stem = conv(3, 16);
  const blocks = [];
  let inp = 16;
  for (const [out, stride] of [[16, 1], [32, 2], [64, 2]]) {
    for (let i = 0; i < 3; i++) {
      const s = i === 0 ? stride : 1;
      blocks.push({ a: conv(inp, out), b: conv(out, out), stride: s, pad: s !== 1 || inp !== out ? out / 4 : 0 });
      inp = out;
    }
  }
  const fc = { w: tf.randomNormal([64, 10], 0, 0.1), b: tf.zeros([10]) };
  const forward = (x) =>
    tf.tidy(() => {
      let h = tf.relu(convBn(x, stem, 1));
      for (const b of blocks) {
        const y = convBn(tf.relu(convBn(h, b.a, b.stride)), b.b, 1);
        // option A shortcut: subsample, then zero channels on both sides
        const s = b.pad ? tf.pad(tf.stridedSlice(h, [0, 0, 0, 0], h.shape, [1, 2, 2, 1]), [[0, 0], [0, 0], [0, 0], [b.pad, b.pad]]) : h;
        h = tf.relu(tf.add(y, s));
      }
      return tf.add(tf.matMul(tf.mean(h, [1, 2]), fc.w), fc.b);
    });
  const x = tf.randomNormal([batch, 32, 32, 3]);
  const step = () => forward(x).dataSync();
  return rate(step, 3) * batch;
}
