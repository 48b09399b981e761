/**
 * A safe reader for Python pickles (protocols 0-5). A pickle is a program for
 * a small stack machine; this machine understands every data opcode, but the
 * only code it ever runs is what `findClass` hands out: each GLOBAL is looked
 * up there, and the default refuses them all, naming the global. Nothing in
 * the data can import a module or call a function on its own.
 */
import { UnpicklingError } from "./error.js";
import { HIGHEST_PROTOCOL, OP, opcodeName } from "./opcodes.js";
import { decodeEscapedString, decodeRawUnicodeEscape } from "./text.js";
import { toJs } from "./to-js.js";
import { hasSetState, makeTuple, PyCallable, PyDict, pyTypeName } from "./values.js";

export { UnpicklingError };

export interface UnpickleOptions {
  /**
   * Resolves a GLOBAL (`module`, `name`) to a value, usually a `PyCallable`.
   * Must throw to refuse; the default refuses every global.
   */
  findClass?(module: string, name: string): unknown;
  /** Resolves a persistent id (BINPERSID/PERSID). The default refuses them. */
  persistentLoad?(pid: unknown): unknown;
  /** Names the data in error messages (a file path or URL). */
  source?: string;
}

export interface RawPickle {
  /** The unpickled object, as Python values (see values.ts). */
  value: unknown;
  /** The byte after the STOP opcode: where a following pickle starts. */
  end: number;
}

/** The error for a global that is not allowed, naming it as Python would (`module.name`). */
export function refuseGlobal(module: string, name: string, source = "pickle", hint = ""): UnpicklingError {
  return new UnpicklingError(
    `${source}: refusing to load global '${module}.${name}': unpickling may only rebuild allowed types, never import or call arbitrary Python objects${hint ? `. ${hint}` : ""}`,
  );
}

/** Reads the pickle at the start of `bytes` and converts it to JavaScript values (see to-js.ts). */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions = {}): unknown {
  return toJs(unpickleRaw(bytes, 0, options).value);
}

/** Reads one pickle at `offset`, leaving its values in their Python form. */
export function unpickleRaw(bytes: Uint8Array, offset = 0, options: UnpickleOptions = {}): RawPickle {
  return new Machine(bytes, offset, options).run();
}

/** Python 2 module names, renamed the way Python 3's unpickler does (`fix_imports`). */
const PY2_MODULES: Record<string, string> = { __builtin__: "builtins", copy_reg: "copyreg" };

const utf8 = new TextDecoder("utf-8");

class Machine {
  private stack: unknown[] = [];
  private readonly metastack: unknown[][] = [];
  private readonly memo = new Map<number, unknown>();
  private readonly view: DataView;
  private readonly source: string;
  private readonly handlers: Record<number, () => void>;
  private opcodeAt = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private pos: number,
    private readonly options: UnpickleOptions,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.source = options.source ?? "pickle";
    this.handlers = this.handlerTable();
  }

  run(): RawPickle {
    for (;;) {
      if (this.pos >= this.bytes.length) throw this.fail(`the data ends at byte ${this.bytes.length} before the pickle's STOP opcode; it is truncated`);
      this.opcodeAt = this.pos;
      const code = this.bytes[this.pos++]!;
      if (code === OP.STOP) return { value: this.pop(), end: this.pos };
      const handler = this.handlers[code];
      if (!handler) throw this.fail("this byte is not a pickle opcode; the data is corrupt or not a pickle");
      handler();
    }
  }

  /** An error located at the current opcode. */
  private fail(message: string): UnpicklingError {
    const code = this.bytes[this.opcodeAt];
    const where = code === undefined ? "" : ` (at byte ${this.opcodeAt}, ${opcodeName(code)})`;
    return new UnpicklingError(`${this.source}: ${message}${where}`);
  }

  // ---- reading operands ----

  private take(length: number): Uint8Array {
    if (length < 0 || this.pos + length > this.bytes.length) {
      throw this.fail(`an operand of ${length} bytes runs past the end of the data (${this.bytes.length} bytes); it is truncated`);
    }
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  private u8(): number {
    return this.take(1)[0]!;
  }

  /** Where a fixed-size operand starts in `view`, after checking it is all there. */
  private operand(length: number): number {
    const at = this.pos;
    this.take(length);
    return at;
  }

  private u16(): number {
    return this.view.getUint16(this.operand(2), true);
  }

  private u32(): number {
    return this.view.getUint32(this.operand(4), true);
  }

  private i32(): number {
    return this.view.getInt32(this.operand(4), true);
  }

  private u64(): number {
    const value = this.view.getBigUint64(this.operand(8), true);
    if (value > BigInt(this.bytes.length)) throw this.fail(`a length of ${value} bytes runs past the end of the data; it is truncated or corrupt`);
    return Number(value);
  }

  /** A newline-terminated text operand (protocol 0), without the newline. */
  private line(): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw this.fail("a text operand has no terminating newline; the data is truncated");
    const text = utf8.decode(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return text;
  }

  private text(length: number): string {
    return utf8.decode(this.take(length));
  }

  // ---- the stack ----

  private push(value: unknown): void {
    this.stack.push(value);
  }

  private pop(): unknown {
    if (this.stack.length === 0) throw this.fail("the pickle pops from an empty stack; the data is corrupt");
    return this.stack.pop();
  }

  private top(): unknown {
    if (this.stack.length === 0) throw this.fail("the pickle reads from an empty stack; the data is corrupt");
    return this.stack[this.stack.length - 1];
  }

  private mark(): void {
    this.metastack.push(this.stack);
    this.stack = [];
  }

  /** The items pushed since the last MARK, restoring the stack below it. */
  private popMark(): unknown[] {
    const items = this.stack;
    const below = this.metastack.pop();
    if (!below) throw this.fail("the pickle closes a MARK it never opened; the data is corrupt");
    this.stack = below;
    return items;
  }

  // ---- opcode groups ----

  private handlerTable(): Record<number, () => void> {
    return { ...this.controlOps(), ...this.scalarOps(), ...this.stringOps(), ...this.containerOps(), ...this.memoOps(), ...this.objectOps() };
  }

  private controlOps(): Record<number, () => void> {
    return {
      [OP.PROTO]: () => {
        const protocol = this.u8();
        if (protocol > HIGHEST_PROTOCOL) throw this.fail(`unsupported pickle protocol ${protocol} (this reader handles 0-${HIGHEST_PROTOCOL})`);
      },
      [OP.FRAME]: () => void this.u64(), // frames only chunk the stream; the whole stream is in memory
      [OP.MARK]: () => this.mark(),
      [OP.POP]: () => void (this.stack.length > 0 ? this.stack.pop() : this.popMark()),
      [OP.POP_MARK]: () => void this.popMark(),
      [OP.DUP]: () => this.push(this.top()),
      [OP.EXT1]: () => this.refuseExtension(),
      [OP.EXT2]: () => this.refuseExtension(),
      [OP.EXT4]: () => this.refuseExtension(),
      [OP.NEXT_BUFFER]: () => {
        throw this.fail("the pickle expects out-of-band buffers (protocol 5 NEXT_BUFFER), which a file cannot provide");
      },
      [OP.READONLY_BUFFER]: () => void this.top(),
    };
  }

  private refuseExtension(): never {
    throw this.fail("the pickle uses the copyreg extension registry (EXT opcodes), which could name any global; refusing it");
  }

  private scalarOps(): Record<number, () => void> {
    return {
      [OP.NONE]: () => this.push(null),
      [OP.NEWTRUE]: () => this.push(true),
      [OP.NEWFALSE]: () => this.push(false),
      [OP.BININT]: () => this.push(this.i32()),
      [OP.BININT1]: () => this.push(this.u8()),
      [OP.BININT2]: () => this.push(this.u16()),
      [OP.LONG1]: () => this.push(this.long(this.u8())),
      [OP.LONG4]: () => {
        const length = this.i32();
        if (length < 0) throw this.fail(`LONG4 has a negative byte count ${length}; the data is corrupt`);
        this.push(this.long(length));
      },
      [OP.INT]: () => this.push(this.textInt(this.line())),
      [OP.LONG]: () => this.push(this.textInt(this.line().replace(/L$/, ""))),
      [OP.BINFLOAT]: () => {
        this.push(this.view.getFloat64(this.operand(8), false)); // big-endian, unlike every other operand
      },
      [OP.FLOAT]: () => this.push(this.textFloat(this.line())),
    };
  }

  /** A little-endian two's-complement integer of `length` bytes. */
  private long(length: number): number | bigint {
    const digits = this.take(length);
    let value = 0n;
    for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(digits[i]!);
    if (length > 0 && digits[length - 1]! & 0x80) value -= 1n << BigInt(8 * length);
    return pyInt(value);
  }

  /** Protocol 0 writes bools as INT "01"/"00". */
  private textInt(text: string): number | bigint | boolean {
    if (text === "01") return true;
    if (text === "00") return false;
    if (!/^[-+]?\d+$/.test(text)) throw this.fail(`'${text}' is not an integer; the data is corrupt`);
    return pyInt(BigInt(text));
  }

  private textFloat(text: string): number {
    const special: Record<string, number> = { inf: Infinity, "-inf": -Infinity, nan: NaN };
    const value = special[text] ?? Number(text);
    if (Number.isNaN(value) && text !== "nan") throw this.fail(`'${text}' is not a float; the data is corrupt`);
    return value;
  }

  private stringOps(): Record<number, () => void> {
    return {
      [OP.BINUNICODE]: () => this.push(this.text(this.u32())),
      [OP.SHORT_BINUNICODE]: () => this.push(this.text(this.u8())),
      [OP.BINUNICODE8]: () => this.push(this.text(this.u64())),
      [OP.UNICODE]: () => this.push(this.rawUnicode()),
      // Python 2 `str`: decoded as UTF-8, as torch.load does by default
      [OP.BINSTRING]: () => this.push(this.text(this.nonNegative(this.i32(), "BINSTRING"))),
      [OP.SHORT_BINSTRING]: () => this.push(this.text(this.u8())),
      [OP.STRING]: () => this.push(this.quotedString()),
      [OP.BINBYTES]: () => this.push(this.take(this.u32()).slice()),
      [OP.SHORT_BINBYTES]: () => this.push(this.take(this.u8()).slice()),
      [OP.BINBYTES8]: () => this.push(this.take(this.u64()).slice()),
      [OP.BYTEARRAY8]: () => this.push(this.take(this.u64()).slice()),
    };
  }

  private nonNegative(length: number, op: string): number {
    if (length < 0) throw this.fail(`${op} has a negative length ${length}; the data is corrupt`);
    return length;
  }

  private rawUnicode(): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw this.fail("a text operand has no terminating newline; the data is truncated");
    const text = decodeRawUnicodeEscape(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return text;
  }

  private quotedString(): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw this.fail("a text operand has no terminating newline; the data is truncated");
    const raw = this.bytes.subarray(this.pos, end);
    this.pos = end + 1;
    const quote = raw[0];
    if (raw.length < 2 || (quote !== 0x22 && quote !== 0x27) || raw[raw.length - 1] !== quote) {
      throw this.fail("the STRING opcode argument must be quoted; the data is corrupt");
    }
    return utf8.decode(decodeEscapedString(raw.subarray(1, raw.length - 1)));
  }

  private containerOps(): Record<number, () => void> {
    return {
      [OP.EMPTY_TUPLE]: () => this.push(makeTuple([])),
      [OP.TUPLE]: () => this.push(makeTuple(this.popMark())),
      [OP.TUPLE1]: () => this.push(makeTuple(this.popN(1))),
      [OP.TUPLE2]: () => this.push(makeTuple(this.popN(2))),
      [OP.TUPLE3]: () => this.push(makeTuple(this.popN(3))),
      [OP.EMPTY_LIST]: () => this.push([]),
      [OP.LIST]: () => this.push(this.popMark()),
      [OP.APPEND]: () => {
        const value = this.pop();
        this.list().push(value);
      },
      [OP.APPENDS]: () => {
        const items = this.popMark();
        this.list().push(...items);
      },
      [OP.EMPTY_DICT]: () => this.push(new PyDict()),
      [OP.DICT]: () => {
        const dict = new PyDict();
        this.setItems(dict, this.popMark());
        this.push(dict);
      },
      [OP.SETITEM]: () => {
        const value = this.pop();
        const key = this.pop();
        this.dict().items.set(key, value);
      },
      [OP.SETITEMS]: () => {
        const items = this.popMark();
        this.setItems(this.dict(), items);
      },
      [OP.EMPTY_SET]: () => this.push(new Set()),
      [OP.ADDITEMS]: () => {
        const items = this.popMark();
        const set = this.top();
        if (!(set instanceof Set)) throw this.fail(`ADDITEMS needs a set on the stack, found ${pyTypeName(set)}`);
        for (const item of items) set.add(item);
      },
      [OP.FROZENSET]: () => this.push(new Set(this.popMark())),
    };
  }

  private popN(n: number): unknown[] {
    if (this.stack.length < n) throw this.fail(`the pickle needs ${n} stack items but has ${this.stack.length}; the data is corrupt`);
    return this.stack.splice(this.stack.length - n, n);
  }

  private list(): unknown[] {
    const list = this.top();
    if (!Array.isArray(list) || Object.isFrozen(list)) throw this.fail(`appending needs a list on the stack, found ${pyTypeName(list)}`);
    return list;
  }

  private dict(): PyDict {
    const dict = this.top();
    if (!(dict instanceof PyDict)) throw this.fail(`setting items needs a dict on the stack, found ${pyTypeName(dict)}`);
    return dict;
  }

  private setItems(dict: PyDict, items: unknown[]): void {
    if (items.length % 2 !== 0) throw this.fail("a dict's items come as key/value pairs but their count is odd; the data is corrupt");
    for (let i = 0; i < items.length; i += 2) dict.items.set(items[i], items[i + 1]);
  }

  private memoOps(): Record<number, () => void> {
    return {
      [OP.PUT]: () => this.memo.set(this.memoIndex(this.line()), this.top()),
      [OP.BINPUT]: () => this.memo.set(this.u8(), this.top()),
      [OP.LONG_BINPUT]: () => this.memo.set(this.u32(), this.top()),
      [OP.MEMOIZE]: () => this.memo.set(this.memo.size, this.top()),
      [OP.GET]: () => this.push(this.recall(this.memoIndex(this.line()))),
      [OP.BINGET]: () => this.push(this.recall(this.u8())),
      [OP.LONG_BINGET]: () => this.push(this.recall(this.u32())),
    };
  }

  private memoIndex(text: string): number {
    if (!/^\d+$/.test(text)) throw this.fail(`'${text}' is not a memo index; the data is corrupt`);
    return Number(text);
  }

  private recall(index: number): unknown {
    if (!this.memo.has(index)) throw this.fail(`the pickle reads memo entry ${index}, which was never stored; the data is corrupt`);
    return this.memo.get(index);
  }

  private objectOps(): Record<number, () => void> {
    return {
      [OP.GLOBAL]: () => {
        const module = this.line();
        this.push(this.global(module, this.line()));
      },
      [OP.STACK_GLOBAL]: () => {
        const name = this.pop();
        const module = this.pop();
        if (typeof module !== "string" || typeof name !== "string") throw this.fail("STACK_GLOBAL needs a module name and a name, both str");
        this.push(this.global(module, name));
      },
      [OP.REDUCE]: () => {
        const args = this.pop();
        this.push(this.call(this.pop(), args, "REDUCE"));
      },
      [OP.NEWOBJ]: () => {
        const args = this.pop();
        this.push(this.call(this.pop(), args, "NEWOBJ"));
      },
      [OP.NEWOBJ_EX]: () => {
        const kwargs = this.pop();
        const args = this.pop();
        if (!(kwargs instanceof PyDict) || kwargs.items.size > 0) throw this.fail("NEWOBJ_EX with keyword arguments is not supported");
        this.push(this.call(this.pop(), args, "NEWOBJ_EX"));
      },
      [OP.INST]: () => {
        const module = this.line();
        const cls = this.global(module, this.line());
        this.push(this.call(cls, makeTuple(this.popMark()), "INST"));
      },
      [OP.OBJ]: () => {
        const [cls, ...args] = this.popMark();
        this.push(this.call(cls, makeTuple(args), "OBJ"));
      },
      [OP.BUILD]: () => {
        const state = this.pop();
        this.build(this.top(), state);
      },
      [OP.BINPERSID]: () => this.push(this.persistent(this.pop())),
      [OP.PERSID]: () => this.push(this.persistent(this.line())),
    };
  }

  private global(module: string, name: string): unknown {
    const resolved = PY2_MODULES[module] ?? module;
    if (!this.options.findClass) throw refuseGlobal(resolved, name, this.source);
    return this.options.findClass(resolved, name);
  }

  private call(callable: unknown, args: unknown, op: string): unknown {
    if (!(callable instanceof PyCallable)) throw this.fail(`${op} needs a callable, found ${pyTypeName(callable)}`);
    if (!Array.isArray(args)) throw this.fail(`${op} of ${callable.qualifiedName} needs an argument tuple, found ${pyTypeName(args)}`);
    return callable.call(args);
  }

  /** BUILD is Python's `__setstate__`, or an update of the instance's attributes. */
  private build(target: unknown, state: unknown): void {
    if (hasSetState(target)) return target.setState(state);
    if (!(target instanceof PyDict)) throw this.fail(`cannot set state on a ${pyTypeName(target)}`);
    // state is a dict, or (dict-or-None, slot dict-or-None)
    const parts = Array.isArray(state) && state.length === 2 ? state : [state];
    for (const part of parts) {
      if (part === null) continue;
      if (!(part instanceof PyDict)) throw this.fail(`the state of a ${target.className} must be a dict, found ${pyTypeName(part)}`);
      for (const [key, value] of part.items) {
        if (typeof key !== "string") throw this.fail(`attribute names must be str, found ${pyTypeName(key)}`);
        target.attributes.set(key, value);
      }
    }
  }

  private persistent(pid: unknown): unknown {
    if (!this.options.persistentLoad) throw this.fail("the pickle refers to a persistent object, but nothing was given to resolve persistent ids");
    return this.options.persistentLoad(pid);
  }
}

/** Python ints become numbers when exactly representable, bigints otherwise. */
function pyInt(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
