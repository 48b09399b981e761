import { existsSync } from "node:fs";
import { join } from "node:path";
import { Image } from "@taimatsu/vision";
import { badFiles, readCifar, type CifarArrays, type CifarLayout } from "./cifar-binary.js";
import { downloadSettings, type SplitDatasetOptions } from "./dataset-options.js";
import { downloadAndExtractArchive } from "./download/download-and-extract.js";
import { Progress } from "./download/progress.js";
import { SplitDataset } from "./split-dataset.js";
import { stampHolds, writeStamp } from "./verified-stamp.js";

/** CIFAR's options: the root folder, the split, transforms and download settings. */
export type CIFAROptions<X, Y> = SplitDatasetOptions<X, Y>;

/** What a worker needs to rebuild a CIFAR dataset without touching the disk. */
export interface CifarShared extends CifarArrays {
  classes: string[];
  coarseClasses?: string[];
}

/**
 * The CIFAR binary datasets. Pixels live in shared memory as `data`
 * (N x 32 x 32 x 3, HWC, like torchvision's `data`); `get(i)` gives
 * [transform(image), targetTransform(label)].
 */
export abstract class CifarDataset<X, Y> extends SplitDataset<X, Y> {
  /** Pixels of every image, N x 32 x 32 x 3 (HWC), uint8. */
  readonly data: Uint8Array;
  readonly classes: string[];
  protected readonly labels: Uint8Array;
  protected readonly shared: CifarShared;

  protected constructor(
    readonly layout: CifarLayout,
    options: CIFAROptions<X, Y>,
    shared?: CifarShared,
  ) {
    super(options);
    this.shared = shared ?? this.load(options);
    this.data = this.shared.data;
    this.labels = this.shared.labels[this.shared.labels.length - 1]!;
    this.classes = this.shared.classes;
  }

  protected abstract readClasses(folder: string): Pick<CifarShared, "classes" | "coarseClasses">;

  private load(options: CIFAROptions<X, Y>): CifarShared {
    const folder = join(this.root, this.layout.folder);
    const files = this.train ? this.layout.trainFiles : this.layout.testFiles;
    if (!files.some((f) => existsSync(join(folder, f)))) throw this.notFound(folder, options.download);
    return { ...readCifar(this.layout, folder, files), ...this.readClasses(folder) };
  }

  /**
   * Downloads, verifies and extracts the archive unless the extracted files
   * are the ones a verified archive gave (their sizes, times and MD5s are kept
   * in a stamp file, so this check is fast). Shared by the subclasses' `create`.
   */
  protected static async prepare(layout: CifarLayout, options: CIFAROptions<unknown, unknown>): Promise<void> {
    if (!options.download) return;
    const folder = join(options.root, layout.folder);
    const files = [...layout.trainFiles, ...layout.testFiles];
    const settings = downloadSettings(options, layout.md5);
    const archiveMd5 = settings.md5 ?? null;
    if (badFiles(layout, folder, files).length === 0 && (await stampHolds(folder, files, archiveMd5))) {
      new Progress(layout.filename, null, options).note(`Files already downloaded${archiveMd5 === null ? "" : " and verified"}: ${folder}`);
      return;
    }
    await downloadAndExtractArchive(layout.url, { ...settings, downloadRoot: options.root, filename: layout.filename });
    const still = badFiles(layout, folder, files);
    if (still.length) throw new Error(`${layout.name}: after extracting ${layout.filename}, these files are missing or the wrong size: ${still.join(", ")}; the archive is not a CIFAR binary archive`);
    await writeStamp(folder, files, archiveMd5);
  }

  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  protected imageAt(i: number): Image {
    return new Image({ data: this.data.slice(i * 3072, (i + 1) * 3072), height: 32, width: 32, channels: 3 });
  }
}
