/**
 * An in-memory ZIP reader, enough for PyTorch checkpoints (`torch.save` since
 * 1.6 writes a ZIP archive). Records are found through the central directory,
 * as PyTorch's own reader does: local headers may be padded for alignment and
 * streaming writers leave their sizes zero. STORED and DEFLATE entries are
 * supported, and ZIP64 records wherever a size or offset needs them.
 */
import { TaimatsuError } from "../../errors.js";
import { crc32 } from "./crc32.js";
import { nodeZlib } from "./node-zlib.js";

export class ZipError extends TaimatsuError {
  override name = "ZipError";
}

export interface ZipEntry {
  readonly name: string;
  /** 0 = STORED, 8 = DEFLATE. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
}

/** The largest expansion DEFLATE can encode (258-byte matches from 2-bit codes). */
const MAX_DEFLATE_RATIO = 1032;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;

/** Where the central directory is and how many entries it lists. */
interface Directory {
  offset: number;
  size: number;
  count: number;
}

export class ZipArchive {
  private readonly view: DataView;
  /** In central-directory order. */
  readonly entries: ReadonlyMap<string, ZipEntry>;

  /** `source` names the archive in error messages (a path or URL). */
  constructor(
    private readonly bytes: Uint8Array,
    readonly source = "zip archive",
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.entries = this.readCentralDirectory(this.findDirectory());
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The uncompressed bytes of one entry, checked against its CRC-32. STORED
   * entries are returned as a view on the archive's bytes, without copying.
   */
  read(name: string): Uint8Array {
    const entry = this.entries.get(name);
    if (!entry) throw new ZipError(`${this.source}: no record named '${name}' in the archive`);
    const start = this.dataStart(entry);
    const raw = this.bytes.subarray(start, start + entry.compressedSize);
    const data = this.decompress(entry, raw);
    if (data.length !== entry.size) {
      throw new ZipError(`${this.source}: record '${name}' holds ${data.length} bytes but the directory says ${entry.size}; the file is corrupt`);
    }
    if (crc32(data) !== entry.crc32) {
      throw new ZipError(`${this.source}: record '${name}' fails its CRC-32 check; the file is corrupt (re-download or re-save it)`);
    }
    return data;
  }

  private truncated(what: string): ZipError {
    return new ZipError(`${this.source}: ${what} lies past the end of the data (${this.bytes.length} bytes); the file is truncated`);
  }

  private u16(at: number): number {
    return this.view.getUint16(at, true);
  }

  private u32(at: number): number {
    return this.view.getUint32(at, true);
  }

  private u64(at: number, what: string): number {
    const value = this.view.getBigUint64(at, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError(`${this.source}: ${what} ${value} is too large to address`);
    return Number(value);
  }

  private require(at: number, length: number, what: string): void {
    if (at < 0 || at + length > this.bytes.length) throw this.truncated(what);
  }

  /** The end-of-central-directory record sits in the last 22 + 65535 bytes (it may be followed by a comment). */
  private findDirectory(): Directory {
    const last = this.bytes.length - EOCD_SIZE;
    const first = Math.max(0, last - MAX_COMMENT);
    for (let at = last; at >= first; at--) {
      if (this.u32(at) !== SIG_EOCD) continue;
      if (at + EOCD_SIZE + this.u16(at + 20) > this.bytes.length) continue; // a stray signature inside data
      return this.zip64Directory(at) ?? { count: this.u16(at + 10), size: this.u32(at + 12), offset: this.u32(at + 16) };
    }
    throw new ZipError(`${this.source}: no end of central directory record found; this is not a ZIP archive, or it is truncated`);
  }

  /** ZIP64 archives put a locator just before the classic record, pointing at the 64-bit one. */
  private zip64Directory(eocd: number): Directory | undefined {
    const locator = eocd - 20;
    if (locator < 0 || this.u32(locator) !== SIG_ZIP64_LOCATOR) return undefined;
    const at = this.u64(locator + 8, "ZIP64 end of central directory offset");
    this.require(at, 56, "the ZIP64 end of central directory record");
    if (this.u32(at) !== SIG_ZIP64_EOCD) throw new ZipError(`${this.source}: the ZIP64 locator points at byte ${at}, which is not a ZIP64 end of central directory record; the file is corrupt`);
    return {
      count: this.u64(at + 32, "ZIP64 entry count"),
      size: this.u64(at + 40, "ZIP64 central directory size"),
      offset: this.u64(at + 48, "ZIP64 central directory offset"),
    };
  }

  private readCentralDirectory(dir: Directory): Map<string, ZipEntry> {
    this.require(dir.offset, dir.size, "the central directory");
    const entries = new Map<string, ZipEntry>();
    let at = dir.offset;
    for (let i = 0; i < dir.count; i++) {
      this.require(at, 46, `central directory entry ${i}`);
      if (this.u32(at) !== SIG_CENTRAL) throw new ZipError(`${this.source}: central directory entry ${i} at byte ${at} has a bad signature; the file is corrupt`);
      const nameLength = this.u16(at + 28);
      const extraLength = this.u16(at + 30);
      const commentLength = this.u16(at + 32);
      this.require(at + 46, nameLength + extraLength + commentLength, `central directory entry ${i}`);
      const entry = this.parseEntry(at, nameLength, extraLength);
      entries.set(entry.name, entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }

  private parseEntry(at: number, nameLength: number, extraLength: number): ZipEntry {
    const name = new TextDecoder().decode(this.bytes.subarray(at + 46, at + 46 + nameLength));
    const flags = this.u16(at + 8);
    if (flags & 1) throw new ZipError(`${this.source}: record '${name}' is encrypted; encrypted archives are not supported`);
    const fields = {
      size: this.u32(at + 24),
      compressedSize: this.u32(at + 20),
      localHeaderOffset: this.u32(at + 42),
    };
    this.applyZip64Extra(name, at + 46 + nameLength, extraLength, fields);
    return { name, method: this.u16(at + 10), crc32: this.u32(at + 16), ...fields };
  }

  /**
   * A field that does not fit in 32 bits is stored as 0xffffffff and its real
   * value follows in the ZIP64 extra field (id 1), in a fixed order, listing
   * only the fields that overflowed.
   */
  private applyZip64Extra(
    name: string,
    start: number,
    length: number,
    fields: { size: number; compressedSize: number; localHeaderOffset: number },
  ): void {
    const overflow = (["size", "compressedSize", "localHeaderOffset"] as const).filter((k) => fields[k] === 0xffffffff);
    if (overflow.length === 0) return;
    for (let at = start; at + 4 <= start + length; ) {
      const id = this.u16(at);
      const size = this.u16(at + 2);
      if (id === 0x0001) {
        if (size < overflow.length * 8) break;
        overflow.forEach((k, i) => (fields[k] = this.u64(at + 4 + i * 8, `ZIP64 ${k} of '${name}'`)));
        return;
      }
      at += 4 + size;
    }
    throw new ZipError(`${this.source}: record '${name}' needs a ZIP64 extra field for its ${overflow.join(", ")} but has none; the file is corrupt`);
  }

  /** Entry data follows its local header, whose name and extra lengths may differ from the central copy. */
  private dataStart(entry: ZipEntry): number {
    const at = entry.localHeaderOffset;
    this.require(at, 30, `the local header of '${entry.name}'`);
    if (this.u32(at) !== SIG_LOCAL) throw new ZipError(`${this.source}: the local header of '${entry.name}' at byte ${at} has a bad signature; the file is corrupt`);
    const start = at + 30 + this.u16(at + 26) + this.u16(at + 28);
    this.require(start, entry.compressedSize, `the data of '${entry.name}'`);
    return start;
  }

  private decompress(entry: ZipEntry, raw: Uint8Array): Uint8Array {
    if (entry.method === METHOD_STORED) return raw;
    if (entry.method !== METHOD_DEFLATE) {
      throw new ZipError(`${this.source}: record '${entry.name}' uses compression method ${entry.method}; only STORED (0) and DEFLATE (8) are supported — re-save the archive uncompressed`);
    }
    const zlib = nodeZlib();
    if (!zlib) throw new ZipError(`${this.source}: record '${entry.name}' is DEFLATE-compressed, which needs Node's zlib; re-save the archive uncompressed (torch.save does so)`);
    // DEFLATE expands at most 1032:1; a directory that claims more is lying about one of the sizes
    if (entry.size > raw.length * MAX_DEFLATE_RATIO + 1024) {
      throw new ZipError(`${this.source}: record '${entry.name}' claims ${entry.size} bytes from ${raw.length} compressed, more than DEFLATE can expand to; the file is corrupt`);
    }
    try {
      // bounded by the declared size, so a small file cannot inflate without limit before the size check
      const inflated = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
      return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength); // a plain view, not a Buffer
    } catch (e) {
      if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw new ZipError(`${this.source}: record '${entry.name}' inflates past the ${entry.size} bytes its directory declares; the file is corrupt`);
      }
      throw new ZipError(`${this.source}: record '${entry.name}' does not inflate (${(e as Error).message}); the file is corrupt`);
    }
  }
}
