import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { unpickle, UnpicklingError } from "../src/serialization/pickle/unpickle.js";
import { PLAIN_DATA_GLOBALS } from "../src/serialization/pickle/builtins.js";
import { PyCallable } from "../src/serialization/pickle/values.js";

const FIXTURES = new URL("./fixtures/checkpoints/", import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
const expected = JSON.parse(readFileSync(new URL("expected.json", FIXTURES), "utf8")).objects.plain;

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

/** The JSON form the generator writes (see plain_expected in generate_checkpoints.py). */
function asExpected(value: unknown): unknown {
  if (value instanceof Set) return { set: [...value].map(asExpected).sort() };
  if (value instanceof Uint8Array) return { bytes: [...value] };
  if (typeof value === "bigint") return { bigint: String(value) };
  if (value === Infinity) return "inf";
  if (Array.isArray(value)) return value.map(asExpected);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asExpected(v)]));
  return value;
}

describe("unpickle: plain Python data, every protocol", () => {
  for (const protocol of [0, 1, 2, 3, 4, 5]) {
    it(`protocol ${protocol}`, () => {
      // protocols 0-2 pickle OrderedDict, set, frozenset and bytes as calls
      const value = unpickle(fixture(`plain-p${protocol}.pkl`), {
        findClass: (module, name) => {
          const callable = PLAIN_DATA_GLOBALS.get(`${module}.${name}`);
          if (!callable) throw new Error(`unexpected global ${module}.${name}`);
          return callable;
        },
      }) as Record<string, unknown>;
      expect(asExpected(value)).toEqual(expected);
      expect(Object.isFrozen(value.tuple)).toBe(true);
      expect(Object.isFrozen(value.list)).toBe(false);
      expect(typeof value.huge).toBe("bigint");
    });
  }
});

describe("unpickle: safety", () => {
  it("refuses every global by default, naming it", () => {
    expect(() => unpickle(fixture("plain-p2.pkl"))).toThrow(/refusing to load global '_codecs\.encode'/);
  });

  it("refuses os.system through GLOBAL and STACK_GLOBAL without running it", () => {
    const viaGlobal = bytes([0x80, 0x02], "cos\nsystem\n", [0x8c, 4], "true", [0x85], "R.");
    const viaStack = bytes([0x80, 0x04, 0x8c, 2], "os", [0x8c, 6], "system", [0x93, 0x8c, 4], "true", [0x85], "R.");
    for (const data of [viaGlobal, viaStack]) {
      expect(() => unpickle(data)).toThrow(UnpicklingError);
      expect(() => unpickle(data)).toThrow(/'os\.system'/);
    }
  });

  it("maps Python 2 module names before refusing", () => {
    expect(() => unpickle(bytes([0x80, 0x02], "c__builtin__\neval\n."))).toThrow(/'builtins\.eval'/);
  });

  it("refuses extension-registry and out-of-band opcodes", () => {
    expect(() => unpickle(bytes([0x80, 0x02, 0x82, 0x01], "."))).toThrow(/extension registry/);
    expect(() => unpickle(bytes([0x80, 0x05, 0x97], "."))).toThrow(/out-of-band/);
  });

  it("only calls what findClass hands out", () => {
    const calls: unknown[] = [];
    const echo = new PyCallable("test.echo", (args) => (calls.push(args), "called"));
    const data = bytes([0x80, 0x02], "ctest\necho\n", [0x4b, 5, 0x85], "R.");
    expect(unpickle(data, { findClass: () => echo })).toBe("called");
    expect(calls).toEqual([[5]]);
    // REDUCE on something that is not a PyCallable (here a plain string) is refused
    expect(() => unpickle(bytes([0x80, 0x02, 0x8c, 1], "x", [0x29], "R."))).toThrow(/REDUCE needs a callable, found str/);
  });

  it("a dict key named __proto__ stays an entry", () => {
    const data = bytes([0x80, 0x02, 0x7d, 0x8c, 9], "__proto__", [0x4b, 1, 0x73], ".");
    const value = unpickle(data) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });
});

describe("unpickle: corrupt input", () => {
  it("names truncation", () => {
    const data = fixture("plain-p2.pkl");
    const findClass = (module: string, name: string) => PLAIN_DATA_GLOBALS.get(`${module}.${name}`);
    expect(() => unpickle(data.subarray(0, data.length - 1), { findClass })).toThrow(/before the pickle's STOP opcode; it is truncated/);
    expect(() => unpickle(data.subarray(0, 40), { findClass })).toThrow(/truncated/);
  });

  it("names bad opcodes and positions", () => {
    expect(() => unpickle(bytes([0x80, 0x02, 0xff]))).toThrow(/at byte 2, unknown opcode 0xff/);
    expect(() => unpickle(bytes([0x80, 0x06], "N."))).toThrow(/unsupported pickle protocol 6/);
    expect(() => unpickle(bytes("0."))).toThrow(/MARK it never opened/);
    expect(() => unpickle(bytes([0x68, 3], "."))).toThrow(/memo entry 3, which was never stored/);
    expect(() => unpickle(bytes(")Na."))).toThrow(/appending needs a list on the stack, found tuple/);
    expect(() => unpickle(bytes([0x58, 0xff, 0xff, 0, 0], "abc."))).toThrow(/runs past the end/);
  });

  it("reads integers of every width", () => {
    expect(unpickle(bytes([0x4a, 0xff, 0xff, 0xff, 0xff], "."))).toBe(-1);
    expect(unpickle(bytes([0x8a, 0x00], "."))).toBe(0);
    expect(unpickle(bytes([0x8a, 0x02, 0x00, 0x80], "."))).toBe(-32768);
    expect(unpickle(bytes([0x8a, 0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0x01], "."))).toBe(2n ** 64n);
    expect(unpickle(bytes([0x8b, 0x01, 0, 0, 0, 0xfe], "."))).toBe(-2);
  });
});
