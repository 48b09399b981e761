/**
 * A pickle writer (protocol 2, what `torch.save` writes) for the plain data a
 * checkpoint holds: None, bools, ints, floats, str, lists, tuples, dicts,
 * globals, calls (REDUCE) and persistent ids. Objects written twice are
 * memoized, so Python sees one shared object, as the loader does.
 */
import { OP } from "./opcodes.js";

const utf8 = new TextEncoder();

export class Pickler {
  private chunks: Uint8Array[] = [];
  private current = new Uint8Array(4096);
  private length = 0;
  private readonly memo = new Map<object, number>();

  constructor() {
    this.byte(OP.PROTO, 2);
  }

  /** The pickle so far, closed with STOP. */
  finish(): Uint8Array {
    this.byte(OP.STOP);
    this.flush();
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of this.chunks) out.set(c, (at += c.length) - c.length);
    return out;
  }

  none(): void {
    this.byte(OP.NONE);
  }

  bool(value: boolean): void {
    this.byte(value ? OP.NEWTRUE : OP.NEWFALSE);
  }

  /** A Python int: the shortest of BININT1/BININT2/BININT, LONG1 beyond 32 bits. */
  int(value: number | bigint): void {
    const n = BigInt(value);
    if (n >= 0n && n < 0x100n) this.byte(OP.BININT1, Number(n));
    else if (n >= 0n && n < 0x10000n) this.bytes([OP.BININT2, Number(n) & 0xff, Number(n) >> 8]);
    else if (n >= -(2n ** 31n) && n < 2n ** 31n) this.fixed(OP.BININT, 4, (v) => v.setInt32(0, Number(n), true));
    else this.long1(n);
  }

  /** LONG1: little-endian two's complement, as few bytes as hold the sign. */
  private long1(n: bigint): void {
    const out: number[] = [];
    let rest = n;
    for (;;) {
      const b = Number(BigInt.asUintN(8, rest));
      out.push(b);
      rest >>= 8n;
      if ((rest === 0n && (b & 0x80) === 0) || (rest === -1n && (b & 0x80) !== 0)) break;
    }
    this.bytes([OP.LONG1, out.length, ...out]);
  }

  /** A Python float (BINFLOAT is big-endian). */
  float(value: number): void {
    this.fixed(OP.BINFLOAT, 8, (v) => v.setFloat64(0, value, false));
  }

  str(value: string): void {
    const encoded = utf8.encode(value);
    this.fixed(OP.BINUNICODE, 4, (v) => v.setUint32(0, encoded.length, true));
    this.raw(encoded);
  }

  /** `module.name` as a class or function (GLOBAL, which protocol 2 readers resolve by import). */
  global(module: string, name: string): void {
    this.byte(OP.GLOBAL);
    this.raw(utf8.encode(`${module}\n${name}\n`));
  }

  /** Calls what the two writers push: `callable(*args)`; `args` must push a tuple. */
  reduce(callable: () => void, args: () => void): void {
    callable();
    args();
    this.byte(OP.REDUCE);
  }

  /** A tuple of what `items` pushes (TUPLE1-3 for short ones). */
  tuple(count: number, items: () => void): void {
    if (count === 0) return this.byte(OP.EMPTY_TUPLE);
    if (count > 3) this.byte(OP.MARK);
    items();
    this.byte(count === 1 ? OP.TUPLE1 : count === 2 ? OP.TUPLE2 : count === 3 ? OP.TUPLE3 : OP.TUPLE);
  }

  /**
   * A list; `fill` pushes its items. Memoized before it is filled, so an
   * object that refers back to it pickles.
   */
  list(key: object, count: number, fill: () => void): void {
    this.byte(OP.EMPTY_LIST);
    this.put(key);
    if (count === 0) return;
    this.byte(OP.MARK);
    fill();
    this.byte(OP.APPENDS);
  }

  /** Items for a dict already on the stack (after `EMPTY_DICT` or an `OrderedDict()` call); `fill` pushes key, value, key, value, .... */
  setItems(count: number, fill: () => void): void {
    if (count === 0) return;
    this.byte(OP.MARK);
    fill();
    this.byte(OP.SETITEMS);
  }

  emptyDict(): void {
    this.byte(OP.EMPTY_DICT);
  }

  /** The value on the stack is `pid`'s object, loaded by the reader's `persistent_load`. */
  persistentId(pid: () => void): void {
    pid();
    this.byte(OP.BINPERSID);
  }

  /** Pushes the memoized object again if `key` was written; returns whether it was. */
  recall(key: object): boolean {
    const index = this.memo.get(key);
    if (index === undefined) return false;
    if (index < 0x100) this.byte(OP.BINGET, index);
    else this.fixed(OP.LONG_BINGET, 4, (v) => v.setUint32(0, index, true));
    return true;
  }

  /** Memoizes the object on top of the stack under `key`. */
  put(key: object): void {
    const index = this.memo.size;
    this.memo.set(key, index);
    if (index < 0x100) this.byte(OP.BINPUT, index);
    else this.fixed(OP.LONG_BINPUT, 4, (v) => v.setUint32(0, index, true));
  }

  private fixed(op: number, size: number, write: (view: DataView) => void): void {
    const b = new Uint8Array(size);
    write(new DataView(b.buffer));
    this.byte(op);
    this.raw(b);
  }

  private byte(...values: number[]): void {
    this.bytes(values);
  }

  private bytes(values: readonly number[]): void {
    this.raw(Uint8Array.from(values));
  }

  private raw(data: Uint8Array): void {
    if (this.length + data.length > this.current.length) {
      this.flush();
      this.current = new Uint8Array(Math.max(4096, data.length));
    }
    this.current.set(data, this.length);
    this.length += data.length;
  }

  private flush(): void {
    if (this.length > 0) this.chunks.push(this.current.slice(0, this.length));
    this.length = 0;
  }
}
