/**
 * Real legacy checkpoints: the published CIFAR-10 ResNets in the shared
 * pretrained folder (see its README). Skipped where the folder is absent.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../src/index.js"; // registers the CPU backend the tensors load on
import type { Tensor } from "../src/index.js";
import { loadTorchCheckpoint, stripPrefix } from "../src/serialization/torch-checkpoint/index.js";

const REPO_ROOT = new URL("../../../", import.meta.url);
const DIR = new URL("../shared/pretrained/resnet-cifar10-akamaster/", REPO_ROOT);

/** Values read with PyTorch 1.13 (`torch.load(path, map_location="cpu")`). */
const CHECKPOINTS = [
  { file: "resnet20-12fca82f.th", best: 91.78000183105469, entries: 97, params: 269_722, conv1: [-0.13818146288394928, -0.1624176800251007, 0.8207383155822754] },
  { file: "resnet32-d509ac18.th", best: 92.78000144958496, entries: 157, params: 464_154, conv1: [0.40355396270751953, -0.5460765361785889, -0.6849855780601501] },
  { file: "resnet44-014dd654.th", best: 93.1400016784668, entries: 217, params: 658_586, conv1: [0.06434207409620285, 0.07130223512649536, 0.062147509306669235] },
  { file: "resnet56-4bfd9763.th", best: 93.62, entries: 277, params: 853_018, conv1: [-0.21604876220226288, -0.536896288394928, -0.556312084197998] },
];

describe.skipIf(!existsSync(DIR))("akamaster CIFAR-10 ResNets (legacy format, saved on cuda:0)", () => {
  for (const c of CHECKPOINTS) {
    it(c.file, () => {
      const bytes = new Uint8Array(readFileSync(new URL(c.file, DIR)));
      // the file name carries the start of its sha256
      expect(createHash("sha256").update(bytes).digest("hex").startsWith(c.file.split("-")[1]!.split(".")[0]!)).toBe(true);
      const ckpt = loadTorchCheckpoint(bytes, { source: c.file }) as { state_dict: Record<string, Tensor>; best_prec1: number };
      expect(ckpt.best_prec1).toBe(c.best);
      const keys = Object.keys(ckpt.state_dict);
      expect(keys.length).toBe(c.entries);
      expect(keys.every((k) => k.startsWith("module."))).toBe(true);
      const sd = stripPrefix(ckpt.state_dict, "module.");
      expect(Object.keys(sd).slice(0, 2)).toEqual(["conv1.weight", "bn1.weight"]);
      expect(Object.keys(sd).at(-1)).toBe("linear.bias");
      const params = Object.entries(sd).filter(([k]) => !k.includes("running_"));
      expect(params.reduce((n, [, t]) => n + t.numel(), 0)).toBe(c.params);
      const conv1 = sd["conv1.weight"]!;
      expect(conv1.size()).toEqual([16, 3, 3, 3]);
      expect(conv1.dtype).toBe("float32");
      expect(conv1.device.type).toBe("cpu");
      expect(conv1.flatten().toArray().slice(0, 3)).toEqual(c.conv1.map(Math.fround));
      expect(sd["linear.weight"]!.size()).toEqual([10, 64]);
    });
  }
});
