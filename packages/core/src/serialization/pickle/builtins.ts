/**
 * The few Python globals that plain data needs in protocols 0-2, where sets,
 * bytes and OrderedDicts have no opcode of their own and are pickled as calls.
 * Each rebuilds a container and checks its arguments; none runs anything else.
 */
import { UnpicklingError } from "./unpickle.js";
import { PyCallable, PyDict, pyTypeName } from "./values.js";

function iterableArgument(qualifiedName: string, args: readonly unknown[]): readonly unknown[] {
  if (args.length === 0) return [];
  const [items] = args;
  if (args.length === 1 && Array.isArray(items)) return items;
  if (args.length === 1 && items instanceof Set) return [...items];
  throw new UnpicklingError(`${qualifiedName} expects one list or tuple argument, found ${args.map(pyTypeName).join(", ")}`);
}

const orderedDict = new PyCallable("collections.OrderedDict", (args) => {
  const dict = new PyDict("collections.OrderedDict");
  for (const pair of iterableArgument("collections.OrderedDict", args)) {
    if (!Array.isArray(pair) || pair.length !== 2) throw new UnpicklingError(`collections.OrderedDict expects (key, value) pairs, found ${pyTypeName(pair)}`);
    dict.items.set(pair[0], pair[1]);
  }
  return dict;
});

const makeSet = (name: string) => new PyCallable(name, (args) => new Set(iterableArgument(name, args)));

/** `bytes()` / `bytearray()`, optionally from a list of byte values. */
const makeBytes = (name: string) =>
  new PyCallable(name, (args) => {
    const values = iterableArgument(name, args);
    if (!values.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 256)) {
      throw new UnpicklingError(`${name} expects byte values 0-255`);
    }
    return Uint8Array.from(values as number[]);
  });

/** Protocol 2 pickles `bytes` as `_codecs.encode(text, "latin1")`; only that encoding is accepted. */
const codecsEncode = new PyCallable("_codecs.encode", (args) => {
  const [text, encoding] = args;
  if (typeof text !== "string" || (encoding !== "latin1" && encoding !== "latin-1")) {
    throw new UnpicklingError(`_codecs.encode is allowed only as protocol 2 writes bytes, encode(str, "latin1"); found encoding ${String(encoding)}`);
  }
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
});

/** Globals keyed by `module.name`. */
export const PLAIN_DATA_GLOBALS: ReadonlyMap<string, PyCallable> = new Map([
  ["collections.OrderedDict", orderedDict],
  ["builtins.set", makeSet("builtins.set")],
  ["builtins.frozenset", makeSet("builtins.frozenset")],
  ["builtins.bytes", makeBytes("builtins.bytes")],
  ["builtins.bytearray", makeBytes("builtins.bytearray")],
  ["_codecs.encode", codecsEncode],
]);
