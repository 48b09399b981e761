import { closeSync, createReadStream, existsSync, linkSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, symlinkSync, writeSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { ArchiveError } from "./archive-error.js";
import { removeStaleParts } from "./stale-parts.js";
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
  else throw new ArchiveError(from, `extractArchive: ${from} is not a .tar.gz, .tgz, .tar or .gz file`);
  if (options.removeFinished) await rm(from, { force: true });
  return files;
}

/** The decompressed bytes of a .gz file; read errors and zlib errors both end the stream. */
function gunzip(archive: string): Readable {
  const z = createGunzip();
  pipeline(createReadStream(archive), z, () => undefined);
  return z;
}

/** zlib's own message ("unexpected end of file") does not say which file; this error does. */
function archiveError(archive: string, e: unknown): unknown {
  if (!(e as NodeJS.ErrnoException | undefined)?.code?.startsWith("Z_")) return e;
  return new ArchiveError(archive, `extractArchive: ${archive} is truncated or corrupt (${(e as Error).message}); delete it and download again`, { cause: e });
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
    throw archiveError(archive, e);
  }
  return sink.written;
}

/**
 * Writes tar entries under `root`, refusing any entry that would write
 * anywhere else: absolute paths, `..`, the root itself (`.`, `x/..`), links
 * pointing outside, and paths that pass through an existing symbolic link
 * leading outside.
 */
class FileSink implements TarSink {
  readonly written: string[] = [];
  private fd: number | null = null;
  private temp = "";
  private target = "";
  private readonly root: string;
  private readonly realRoot: string;

  constructor(
    private readonly archive: string,
    root: string,
  ) {
    this.root = resolve(root);
    mkdirSync(this.root, { recursive: true });
    this.realRoot = realpathSync(this.root);
  }

  begin(entry: TarEntry): void {
    const target = this.destination(entry);
    if (target === null) return;
    if (entry.type === "directory") {
      this.checkRealPath(entry, target);
      mkdirSync(target, { recursive: true });
      return;
    }
    if (entry.type === "other") return; // devices and fifos: not data
    this.checkRealPath(entry, dirname(target));
    mkdirSync(dirname(target), { recursive: true });
    if (entry.type === "symlink" || entry.type === "hardlink") return this.link(entry, target);
    removeStaleParts(dirname(target), basename(target));
    this.target = target;
    this.temp = `${target}.part-${process.pid}`;
    this.fd = openSync(this.temp, "w");
  }

  /** The absolute path an entry writes to; null for the root folder's own directory entry ("./"). */
  private destination(entry: TarEntry): string | null {
    if (entry.path === "" || entry.path.includes("\0")) this.refuse(entry, "its name is empty or holds a NUL byte");
    if (isAbsolute(entry.path) || /^[a-zA-Z]:/.test(entry.path)) this.refuse(entry, "it is an absolute path");
    const target = resolve(this.root, entry.path);
    if (target === this.root) {
      if (entry.type === "directory") return null;
      this.refuse(entry, "it names the destination folder itself");
    }
    if (!target.startsWith(this.root + sep)) this.refuse(entry, "the path leaves the destination folder");
    return target;
  }

  /** The nearest existing ancestor of `path`, with links resolved, must lie inside the root. */
  private checkRealPath(entry: TarEntry, path: string): void {
    let existing = path;
    while (!existsSync(existing) && existing !== this.root) existing = dirname(existing);
    const real = realpathSync(existing);
    if (real !== this.realRoot && !real.startsWith(this.realRoot + sep)) this.refuse(entry, `it would be written through a link to ${real}, outside the destination folder`);
  }

  private link(entry: TarEntry, target: string): void {
    const to = entry.linkTarget ?? "";
    // a symlink's target is relative to its folder; a hard link's to the archive's root
    const resolved = entry.type === "symlink" ? resolve(dirname(target), to) : resolve(this.root, to);
    if (!to || isAbsolute(to) || !resolved.startsWith(this.root + sep)) this.refuse(entry, `it links to ${to || "nothing"}, outside the destination folder`);
    rmSync(target, { force: true });
    if (entry.type === "symlink") symlinkSync(to, target);
    else {
      this.checkRealPath(entry, resolved);
      linkSync(resolved, target);
    }
    this.written.push(target);
  }

  private refuse(entry: TarEntry, why: string): never {
    throw new ArchiveError(this.archive, `extractArchive: refusing to extract ${entry.path} from ${this.archive}: ${why}`);
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
  removeStaleParts(dirname(to), basename(to));
  const temp = `${to}.part-${process.pid}`;
  const fd = openSync(temp, "w");
  try {
    for await (const chunk of gunzip(from)) writeSync(fd, chunk as Buffer);
    closeSync(fd);
    renameSync(temp, to);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw archiveError(from, e);
  }
  return to;
}
