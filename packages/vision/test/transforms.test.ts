import { describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { Image } from "../src/image.js";
import * as T from "../src/transforms/index.js";

const image = (h = 6, w = 8, c = 3) => new Image({ data: Uint8Array.from({ length: h * w * c }, (_, i) => (i * 7) % 256), height: h, width: w, channels: c });

describe("the tutorial pipeline", () => {
  it("Compose([ToTensor(), Normalize(0.5, 0.5)]) maps bytes to [-1, 1]", () => {
    const t = new T.Compose<Image, torch.Tensor>([new T.ToTensor(), new T.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
    const out = t.call(new Image({ data: Uint8Array.from([0, 255, 51, 0, 255, 51]), height: 1, width: 2, channels: 3 }));
    expect(out.shape).toEqual([3, 1, 2]);
    expect(out.dtype).toBe("float32");
    expect(out.toArray().map((v) => Math.round(v * 1e6) / 1e6)).toEqual([-1, -1, 1, 1, -0.6, -0.6]);
  });

  it("ToTensor then Normalize in one pass gives exactly the two transforms' values", () => {
    // every byte value in every channel, and odd statistics, so any rounding difference shows
    const img = new Image({ data: Uint8Array.from({ length: 16 * 16 * 3 }, (_, i) => (i * 97 + (i >> 8)) % 256), height: 16, width: 16, channels: 3 });
    for (const [mean, std] of [[[0.4914, 0.4822, 0.4465], [0.247, 0.2435, 0.2616]], [[0.3], [0.7]], [[1 / 3, 0.1, 0.9], [0.001, 3, 1e-3]]]) {
      const fused = new T.Compose<Image, torch.Tensor>([new T.ToTensor(), new T.Normalize(mean!, std!)]).call(img);
      const apart = new T.Normalize(mean!, std!).call(new T.ToTensor().call(img));
      expect(fused.shape).toEqual([3, 16, 16]);
      expect(Array.from(fused.toArray())).toEqual(Array.from(apart.toArray()));
    }
    // a Normalize subclass keeps its own behaviour
    class Twice extends T.Normalize {
      override call(t: torch.Tensor) {
        return super.call(t).mul(2);
      }
    }
    const twice = new T.Compose<Image, torch.Tensor>([new T.ToTensor(), new Twice([0.5], [0.5])]).call(img);
    expect(Array.from(twice.toArray())).toEqual(Array.from(new T.Normalize([0.5], [0.5]).call(new T.ToTensor().call(img)).mul(2).toArray()));
    expect(() => new T.Compose([new T.ToTensor(), new T.Normalize([0.5], [0])]).call(img)).toThrow(/division by zero/);
  });

  it("rejects what torchvision rejects", () => {
    expect(() => new T.ToTensor().call(torch.zeros([3, 2, 2]) as never)).toThrow(/ConvertImageDtype/);
    expect(() => new T.Normalize([0.5], [0.5]).call(torch.zeros([3, 2, 2], { dtype: "uint8" }))).toThrow(/should be a float tensor. Got uint8/);
    expect(() => new T.Normalize([0.5], [0]).call(torch.zeros([1, 2, 2]))).toThrow(/division by zero/);
  });
});

describe("random transforms", () => {
  it("are reproducible through a generator and follow the global seed by default", () => {
    const crop = (g?: torch.Generator) => new T.RandomCrop<Image>(4, { padding: 2, ...(g ? { generator: g } : {}) });
    const a = crop(new torch.Generator(1)).call(image());
    const b = crop(new torch.Generator(1)).call(image());
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    torch.manualSeed(5);
    const c = crop().call(image());
    torch.manualSeed(5);
    expect(Array.from(crop().call(image()).data)).toEqual(Array.from(c.data));
  });

  it("RandomCrop pads (all modes), pads if needed, and checks the size", () => {
    const out = new T.RandomCrop<Image>(32, { padding: 4 }).call(image(32, 32));
    expect([out.height, out.width, out.channels]).toEqual([32, 32, 3]);
    for (const paddingMode of ["constant", "edge", "reflect", "symmetric"] as const) {
      const t = new T.RandomCrop<torch.Tensor>([10, 12], { padIfNeeded: true, paddingMode, fill: 3 }).call(torch.ones([3, 6, 8]));
      expect(t.shape).toEqual([3, 10, 12]);
      expect(t.toArray().every((v) => v === (paddingMode === "constant" ? v : 1))).toBe(true);
    }
    expect(() => new T.RandomCrop(10).call(image())).toThrow(/Required crop size \(10, 10\) is larger than input image size \(6, 8\)/);
    const same = image(4, 4);
    expect(new T.RandomCrop<Image>(4).call(same).data).toEqual(same.data);
  });

  it("RandomCrop's one-pass pad and crop equals pad then crop", () => {
    const img = torch.rand([3, 7, 9]);
    for (const paddingMode of ["constant", "edge", "reflect", "symmetric"] as const) {
      const fused = new T.RandomCrop<torch.Tensor>([6, 8], { padding: [3, 2, 1, 4], paddingMode, fill: 0.5, generator: new torch.Generator(9) }).call(img);
      const g = new torch.Generator(9);
      const padded = T.functional.pad(img, [3, 2, 1, 4], 0.5, paddingMode);
      const [i, j, h, w] = T.RandomCrop.getParams(padded, [6, 8], { generator: g });
      expect(fused.toArray()).toEqual(T.functional.crop(padded, i, j, h, w).toArray());
    }
  });

  it("flips with probability p", () => {
    const img = torch.arange(6, { dtype: "float32" }).reshape(1, 2, 3);
    expect(new T.RandomHorizontalFlip<torch.Tensor>(1).call(img).toArray()).toEqual([2, 1, 0, 5, 4, 3]);
    expect(new T.RandomVerticalFlip<torch.Tensor>({ p: 1 }).call(img).toArray()).toEqual([3, 4, 5, 0, 1, 2]);
    expect(new T.RandomHorizontalFlip(0).call(img)).toBe(img);
    const g = new torch.Generator(0);
    const flip = new T.RandomHorizontalFlip({ generator: g });
    const flips = Array.from({ length: 400 }, () => flip.call(img) !== img).filter(Boolean).length;
    expect(flips).toBeGreaterThan(150);
    expect(flips).toBeLessThan(250);
  });

  it("RandomResizedCrop gives the requested size", () => {
    const t = new T.RandomResizedCrop<torch.Tensor>([5, 7], { scale: [0.3, 1] }).call(torch.rand([3, 20, 30]));
    expect(t.shape).toEqual([3, 5, 7]);
    const img = new T.RandomResizedCrop<Image>(9).call(image(20, 30));
    expect([img.height, img.width]).toEqual([9, 9]);
  });

  it("ColorJitter keeps the range and checks arguments", () => {
    const t = new T.ColorJitter<torch.Tensor>({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 }).call(torch.rand([3, 8, 8]));
    expect(t.toArray().every((v) => v >= 0 && v <= 1)).toBe(true);
    const u = new T.ColorJitter({ brightness: [0.5, 1.5] }).call(image());
    expect(u.data.length).toBe(6 * 8 * 3);
    expect(new T.ColorJitter({ brightness: 0 }).brightness).toBeNull();
    expect(() => new T.ColorJitter({ hue: 0.7 })).toThrow(/hue values should be between/);
    expect(() => new T.ColorJitter({ brightness: -1 })).toThrow(/non negative/);
  });

  it("RandomRotation, RandomErasing, Resize, CenterCrop, Pad, Lambda", () => {
    const rot = new T.RandomRotation<torch.Tensor>(30, { fill: 1 }).call(torch.zeros([3, 9, 9]));
    expect(rot.shape).toEqual([3, 9, 9]);
    expect(new T.RandomRotation<torch.Tensor>([90, 90], { expand: true }).call(torch.zeros([1, 4, 6])).shape).toEqual([1, 6, 4]);
    const erased = new T.RandomErasing({ p: 1, value: 7 }).call(torch.zeros([3, 20, 20]));
    expect(erased.toArray().filter((v) => v === 7).length).toBeGreaterThan(0);
    expect(new T.RandomErasing({ p: 1, value: "random" }).call(torch.zeros([3, 20, 20])).toArray().some((v) => v !== 0)).toBe(true);
    expect(() => new T.RandomErasing({ p: 1, value: [1, 2] }).call(torch.zeros([3, 20, 20]))).toThrow(/single value or 3/);
    const resized = new T.Resize<Image>(4).call(image(6, 8));
    expect([resized.height, resized.width]).toEqual([4, 5]);
    expect(new T.Resize<torch.Tensor>([3, 3], { interpolation: "nearest" }).call(torch.rand([2, 3, 6, 6])).shape).toEqual([2, 3, 3, 3]);
    expect(new T.CenterCrop<torch.Tensor>(4).call(torch.rand([3, 6, 8])).shape).toEqual([3, 4, 4]);
    expect(new T.Pad<torch.Tensor>([1, 2], { paddingMode: "reflect" }).call(torch.rand([3, 6, 8])).shape).toEqual([3, 10, 10]);
    expect(new T.Lambda((x: number) => x + 1).call(1)).toBe(2);
  });
});

describe("worker specs", () => {
  it("describe each transform by its constructor arguments, without generators", () => {
    const t = new T.Compose([new T.RandomCrop(32, { padding: 4, generator: new torch.Generator(1) }), new T.ToTensor()]);
    const spec = t.workerSpec();
    expect(spec.export).toBe("Compose");
    expect(spec.kind).toBe("new");
    expect(spec.module).toMatch(/\/dist\/transforms\/index\.js$/);
    const [inner] = spec.args as [T.Transform[]];
    expect(inner[0]!.workerSpec().args).toEqual([[32, 32], { padding: 4 }]);
  });
});
