import { closeSync, createReadStream, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, normalize, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import { TarParser, type TarEntry, type TarSink } from "./tar-parser.js";

export interface ExtractOptions {
  /** Delete the archive after a successful extraction. */
  removeFinished?: boolean;
}

/**
 * torchvision's `extract_archive` for .tar.gz / .tgz / .tar / .gz, in Node
 * alone (zlib and a tar reader, no external tools). Each file is written to a
 * temporary name and renamed when complete. Returns the extracted paths.
 */
export async function extractArchive(from: string, to: string = dirname(from), options: ExtractOptions = {}): Promise<string[]> {
  const name = basename(from).toLowerCase();
  let files: string[];
  if (/\.(tar\.gz|tgz)$/.test(name)) files = await extractTar(from, to, gunzip(from));
  else if (name.endsWith(".tar")) files = await extractTar(from, to, createReadStream(from));
  else if (name.endsWith(".gz")) files = [await gunzipFile(from, join(to, basename(from).slice(0, -3)))];
  else throw new RangeError(`extractArchive: ${from} is not a .tar.gz, .tgz, .tar or .gz file`);
  if (options.removeFinished) await rm(from, { force: true });
  return files;
}

/** The decompressed bytes of a .gz file; read errors and zlib errors both end the stream. */
function gunzip(archive: string): Readable {
  const z = createGunzip();
  // zlib's own message ("unexpected end of file") does not say which file
  z.on("error", (e) => {
    if ((e as NodeJS.ErrnoException).code?.startsWith("Z_")) e.message = `extractArchive: ${archive} is truncated or corrupt (${e.message}); delete it and download again`;
  });
  pipeline(createReadStream(archive), z, () => undefined);
  return z;
}

async function extractTar(archive: string, to: string, stream: Readable): Promise<string[]> {
  const sink = new FileSink(archive, to);
  const parser = new TarParser(archive, sink);
  try {
    for await (const chunk of stream) parser.push(chunk as Buffer);
    parser.finish();
  } catch (e) {
    sink.abort();
    stream.destroy();
    throw e;
  }
  return sink.written;
}

/** Writes tar entries under `root`, refusing paths that would escape it. */
class FileSink implements TarSink {
  readonly written: string[] = [];
  private fd: number | null = null;
  private temp = "";
  private target = "";

  constructor(
    private readonly archive: string,
    private readonly root: string,
  ) {}

  begin(entry: TarEntry): void {
    const rel = normalize(entry.path);
    if (isAbsolute(rel) || rel === ".." || rel.startsWith(`..${sep}`)) {
      throw new Error(`extractArchive: refusing to extract ${entry.path} from ${this.archive}: the path leaves the destination folder`);
    }
    const target = join(this.root, rel);
    if (entry.type === "directory") mkdirSync(target, { recursive: true });
    if (entry.type !== "file") return;
    mkdirSync(dirname(target), { recursive: true });
    this.target = target;
    this.temp = `${target}.part-${process.pid}`;
    this.fd = openSync(this.temp, "w");
  }

  data(chunk: Uint8Array): void {
    writeSync(this.fd!, chunk);
  }

  end(): void {
    closeSync(this.fd!);
    this.fd = null;
    renameSync(this.temp, this.target);
    this.written.push(this.target);
  }

  abort(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    rmSync(this.temp, { force: true });
  }
}

async function gunzipFile(from: string, to: string): Promise<string> {
  const temp = `${to}.part-${process.pid}`;
  const fd = openSync(temp, "w");
  try {
    for await (const chunk of gunzip(from)) writeSync(fd, chunk as Buffer);
    closeSync(fd);
    renameSync(temp, to);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  return to;
}
