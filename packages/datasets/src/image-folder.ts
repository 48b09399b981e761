import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import * as torch from "@taimatsu/core";
import { io, type Image } from "@taimatsu/vision";
import type { TransformLike } from "@taimatsu/vision/transforms";
import { datasetsModule } from "./dataset-module.js";
import { VisionDataset } from "./vision-dataset.js";

/** Extensions the default loader can decode. */
export const IMG_EXTENSIONS = [".jpg", ".jpeg", ".png"] as const;

export interface DatasetFolderOptions<S, X, Y> {
  /** Reads one file (default for ImageFolder: decode PNG/JPEG as RGB). */
  loader?: (path: string) => S;
  /** File name endings to accept (case-insensitive); excludes `isValidFile`. */
  extensions?: readonly string[];
  /** Decides per path instead of `extensions`. */
  isValidFile?: (path: string) => boolean;
  transform?: TransformLike<S, X>;
  targetTransform?: TransformLike<number, Y>;
  /** Allow class folders with no valid file. */
  allowEmpty?: boolean;
}

/** Files under `dir`, recursively, in sorted order (torchvision walks sorted, following links). */
function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

/**
 * torchvision's `DatasetFolder`: `root/<class>/**` files, classes being the
 * sorted sub-folder names.
 */
export class DatasetFolder<S, X = S, Y = number> extends VisionDataset<X, Y> {
  readonly classes: string[];
  readonly classToIdx: Record<string, number>;
  /** [path, class index] per sample, in order. */
  readonly samples: [string, number][];

  constructor(
    root: string,
    readonly options: DatasetFolderOptions<S, X, Y> & { loader: (path: string) => S },
  ) {
    super(root, options.transform as TransformLike<Image, X> | undefined, options.targetTransform);
    if (options.extensions && options.isValidFile) throw new TypeError("DatasetFolder: Both extensions and isValidFile cannot be passed at the same time");
    this.classes = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory()).sort();
    if (this.classes.length === 0) throw new Error(`DatasetFolder: Couldn't find any class folder in ${root}.`);
    this.classToIdx = Object.fromEntries(this.classes.map((c, i) => [c, i]));
    this.samples = this.makeDataset();
  }

  private makeDataset(): [string, number][] {
    const exts = this.options.extensions?.map((e) => e.toLowerCase());
    const valid = this.options.isValidFile ?? ((p: string) => (exts ?? []).some((e) => p.toLowerCase().endsWith(e)));
    const samples: [string, number][] = [];
    const empty: string[] = [];
    this.classes.forEach((c, idx) => {
      const files = walk(join(this.root, c)).filter(valid);
      if (files.length === 0) empty.push(c);
      for (const f of files) samples.push([f, idx]);
    });
    if (empty.length && !this.options.allowEmpty) {
      throw new Error(`DatasetFolder: Found no valid file for the classes ${empty.join(", ")}.${exts ? ` Supported extensions are: ${exts.join(", ")}` : ""}`);
    }
    return samples;
  }

  get length(): number {
    return this.samples.length;
  }

  get targets(): number[] {
    return this.samples.map(([, t]) => t);
  }

  get(index: number): [X, Y] {
    const i = index < 0 ? index + this.length : index;
    const entry = this.samples[i];
    if (!entry) throw new RangeError(`${this.constructor.name}.get: index ${index} is out of range for ${this.length} samples`);
    return this.sample(this.options.loader(entry[0]) as unknown as Image, entry[1]);
  }

  workerSpec(): torch.utils.data.WorkerSpec {
    return { module: datasetsModule, export: this.constructor.name, kind: "new", args: [this.root, this.options] };
  }
}

/** torchvision's default loader: the file decoded as RGB. */
export function defaultLoader(path: string): Image {
  return io.loadImage(path, { mode: "rgb" });
}
torch.utils.data.importable(defaultLoader, import.meta.url);

/**
 * torchvision's `ImageFolder`: `root/<class>/<image>.png|jpg`; samples are
 * [transform(image), targetTransform(classIndex)].
 */
export class ImageFolder<X = Image, Y = number> extends DatasetFolder<Image, X, Y> {
  constructor(root: string, options: DatasetFolderOptions<Image, X, Y> = {}) {
    super(root, {
      ...options,
      loader: options.loader ?? defaultLoader,
      ...(options.isValidFile ? {} : { extensions: options.extensions ?? IMG_EXTENSIONS }),
    });
  }

  /** Rebuilt from the same options (the default loader is importable). */
  override workerSpec(): torch.utils.data.WorkerSpec {
    return { module: datasetsModule, export: "ImageFolder", kind: "new", args: [this.root, this.options] };
  }
}
