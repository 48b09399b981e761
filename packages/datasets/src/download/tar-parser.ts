/**
 * A streaming reader for tar archives (POSIX ustar, GNU long names, pax
 * headers). Bytes are pushed in as they arrive (e.g. from gunzip) and each
 * entry's data is handed to the sink in pieces, so archives of any size pass
 * through a fixed amount of memory. Malformed input throws an ArchiveError.
 */
import { ArchiveError } from "./archive-error.js";

export interface TarEntry {
  path: string;
  type: "file" | "directory" | "symlink" | "hardlink" | "other";
  size: number;
  /** What a symlink or hard link points to. */
  linkTarget?: string;
}

export interface TarSink {
  begin(entry: TarEntry): void;
  data(chunk: Uint8Array): void;
  end(): void;
}

const BLOCK = 512;
/** GNU long names and pax records are small; a larger one means a corrupt header. */
const MAX_META = 1 << 20;

export class TarParser {
  private readonly header = new Uint8Array(BLOCK);
  private headerFill = 0;
  private remaining = 0;
  private padding = 0;
  private offset = 0;
  private current: TarEntry | null = null;
  /** Data of a GNU long-name ('L') or pax ('x') record, applied to the next entry. */
  private meta: { type: string; bytes: Uint8Array; fill: number } | null = null;
  private pendingPath: string | null = null;
  private pendingLink: string | null = null;
  private pendingSize: number | null = null;
  private finished = false;

  constructor(
    private readonly archive: string,
    private readonly sink: TarSink,
  ) {}

  push(chunk: Uint8Array): void {
    let pos = 0;
    while (pos < chunk.length && !this.finished) {
      if (this.remaining > 0) pos += this.takeData(chunk, pos);
      else if (this.padding > 0) {
        const skip = Math.min(this.padding, chunk.length - pos);
        this.padding -= skip;
        pos += skip;
      } else {
        const take = Math.min(BLOCK - this.headerFill, chunk.length - pos);
        this.header.set(chunk.subarray(pos, pos + take), this.headerFill);
        this.headerFill += take;
        pos += take;
        if (this.headerFill === BLOCK) {
          this.headerFill = 0;
          this.readHeader();
        }
      }
    }
    this.offset += chunk.length;
  }

  /** Call at the end of input: an archive cut inside an entry or header is an error. */
  finish(): void {
    if (this.finished) return;
    if (this.remaining > 0 || this.headerFill > 0 || this.meta) {
      throw new ArchiveError(this.archive, `extractArchive: ${this.archive} is truncated (it ends inside ${this.current ? `the data of ${this.current.path}` : "a header"}); delete it and download again`);
    }
  }

  private takeData(chunk: Uint8Array, pos: number): number {
    const take = Math.min(this.remaining, chunk.length - pos);
    const piece = chunk.subarray(pos, pos + take);
    if (this.meta) {
      this.meta.bytes.set(piece, this.meta.fill);
      this.meta.fill += take;
    } else if (this.current?.type === "file") this.sink.data(piece);
    this.remaining -= take;
    if (this.remaining === 0) this.closeEntry();
    return take;
  }

  private closeEntry(): void {
    if (this.meta) this.applyMeta();
    else if (this.current?.type === "file") this.sink.end();
    this.current = null;
  }

  private readHeader(): void {
    const h = this.header;
    if (h.every((b) => b === 0)) {
      this.finished = true;
      return;
    }
    this.checkChecksum();
    const type = String.fromCharCode(h[156]!);
    const size = this.pendingSize ?? parseNumber(h.subarray(124, 136));
    if (!Number.isSafeInteger(size) || size < 0) throw this.corrupt(`entry size ${size} is not a byte count`);
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (type === "L" || type === "K" || type === "x" || type === "g") {
      if (size > MAX_META) throw this.corrupt(`a ${size}-byte extended header`);
      this.meta = { type, bytes: new Uint8Array(size), fill: 0 };
      this.remaining = size;
      this.padding = padded - size;
      if (size === 0) this.applyMeta();
      return;
    }
    const path = this.pendingPath ?? headerPath(h);
    const link = this.pendingLink ?? cString(h.subarray(157, 257));
    this.pendingPath = null;
    this.pendingLink = null;
    this.pendingSize = null;
    const kind = entryKind(type);
    this.current = kind === "symlink" || kind === "hardlink" ? { path, type: kind, size: 0, linkTarget: link } : { path, type: kind, size };
    this.sink.begin(this.current);
    // links and directories carry no data whatever their size field says (as GNU tar reads them)
    const data = kind === "file" || kind === "other" ? size : 0;
    this.remaining = data;
    this.padding = data === 0 ? 0 : padded - size;
    if (this.remaining === 0) this.closeEntry();
  }

  private applyMeta(): void {
    const { type, bytes } = this.meta!;
    this.meta = null;
    if (type === "L") this.pendingPath = cString(bytes);
    else if (type === "K") this.pendingLink = cString(bytes);
    else if (type === "x") {
      const records = parsePax(bytes);
      if (records.path !== undefined) this.pendingPath = records.path;
      if (records.linkpath !== undefined) this.pendingLink = records.linkpath;
      if (records.size !== undefined) {
        const size = /^\d+$/.test(records.size) ? Number(records.size) : NaN;
        if (!Number.isSafeInteger(size)) throw this.corrupt(`pax size ${JSON.stringify(records.size.slice(0, 20))} is not a byte count`);
        this.pendingSize = size;
      }
    }
  }

  private checkChecksum(): void {
    const h = this.header;
    const stored = parseNumber(h.subarray(148, 156));
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (sum !== stored) throw this.corrupt("bad tar header checksum");
  }

  private corrupt(why: string): ArchiveError {
    return new ArchiveError(this.archive, `extractArchive: ${this.archive} is corrupt (${why} near byte ${this.offset} of the uncompressed stream); delete it and download again`);
  }
}

function entryKind(type: string): TarEntry["type"] {
  if (type === "0" || type === "\0" || type === "7") return "file";
  if (type === "5") return "directory";
  if (type === "2") return "symlink";
  if (type === "1") return "hardlink";
  return "other";
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** Octal ASCII, or GNU base-256 when the high bit of the first byte is set. */
function parseNumber(field: Uint8Array): number {
  if (field[0]! & 0x80) {
    let v = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) v = v * 256 + field[i]!;
    return v;
  }
  const text = cString(field).trim();
  return text ? parseInt(text, 8) : 0;
}

function headerPath(h: Uint8Array): string {
  const name = cString(h.subarray(0, 100));
  const ustar = cString(h.subarray(257, 263)).startsWith("ustar");
  const prefix = ustar ? cString(h.subarray(345, 500)) : "";
  return prefix ? `${prefix}/${name}` : name;
}

/** pax records: "<length> <key>=<value>\n". */
function parsePax(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const text = new TextDecoder().decode(bytes);
  let pos = 0;
  while (pos < text.length) {
    const space = text.indexOf(" ", pos);
    const length = parseInt(text.slice(pos, space), 10);
    if (!(length > space - pos) || pos + length > text.length) break;
    const record = text.slice(space + 1, pos + length - 1);
    const eq = record.indexOf("=");
    out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += length;
  }
  return out;
}
