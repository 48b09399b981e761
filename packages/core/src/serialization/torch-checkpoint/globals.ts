/**
 * The globals a PyTorch checkpoint may name: tensor and parameter rebuilders,
 * storage classes, torch.Size, and what plain containers need. Any other
 * global is refused by name before anything could run.
 */
import { refuseGlobal, UnpicklingError } from "../pickle/unpickle.js";
import { PLAIN_DATA_GLOBALS } from "../pickle/builtins.js";
import { makeTuple, PyCallable, pyTypeName } from "../pickle/values.js";
import { rebuildParameter, rebuildTensor, rebuildTensorV2 } from "./rebuild.js";
import { STORAGE_DTYPES, StorageType, UNSUPPORTED_STORAGES } from "./storage.js";

/** `torch.Tensor` as a class value: `_rebuild_from_type_v2` names it as the type to rebuild. */
class TensorClass {
  readonly qualifiedName = "torch._tensor.Tensor";
}
const TENSOR_CLASS = new TensorClass();

const REFUSAL_HINT =
  "A checkpoint may hold tensors, storages and plain containers (dict, OrderedDict, list, tuple, str, int, float, bool, None). " +
  "If it pickles a whole model or other Python objects, load it in PyTorch and save plain data instead, such as model.state_dict()";

/** The `findClass` for unpickling a checkpoint; `source` names the file in errors. */
export function checkpointGlobals(source: string): (module: string, name: string) => unknown {
  const table = globalTable(source);
  return (module, name) => {
    const qualified = `${module}.${name}`;
    const value = table.get(qualified) ?? PLAIN_DATA_GLOBALS.get(qualified) ?? storageClass(source, module, name);
    if (value === undefined) throw refuseGlobal(module, name, source, REFUSAL_HINT);
    return value;
  };
}

function storageClass(source: string, module: string, name: string): StorageType | undefined {
  if (module !== "torch") return undefined;
  const dtype = STORAGE_DTYPES[name];
  if (dtype) return new StorageType(`torch.${name}`, dtype);
  const unsupported = UNSUPPORTED_STORAGES[name];
  if (unsupported) {
    throw new UnpicklingError(`${source}: the checkpoint holds a torch.${name} (${unsupported}), a dtype Taimatsu does not have; convert those tensors in PyTorch (for example to float32 or int32) and save again`);
  }
  return undefined;
}

function globalTable(source: string): Map<string, unknown> {
  const rebuild = (name: string, fn: (source: string, args: readonly unknown[]) => unknown) => [`torch._utils.${name}`, new PyCallable(`torch._utils.${name}`, (args) => fn(source, args))] as const;
  return new Map<string, unknown>([
    rebuild("_rebuild_tensor", rebuildTensor),
    rebuild("_rebuild_tensor_v2", rebuildTensorV2),
    rebuild("_rebuild_parameter", rebuildParameter),
    // the state holds Python attributes set on the Parameter, which have no Taimatsu counterpart
    rebuild("_rebuild_parameter_with_state", (src, args) => rebuildParameter(src, args.slice(0, 3))),
    ["torch._tensor._rebuild_from_type_v2", new PyCallable("torch._tensor._rebuild_from_type_v2", (args) => rebuildFromType(source, args))],
    ["torch._tensor.Tensor", TENSOR_CLASS],
    ["torch.Tensor", TENSOR_CLASS],
    ["torch.Size", new PyCallable("torch.Size", (args) => sizeTuple(source, args))],
  ]);
}

/**
 * `_rebuild_from_type_v2(func, new_type, args, state)` wraps a tensor's own
 * rebuild when it carries Python state; for plain tensors PyTorch ignores the
 * state, and so does this. Tensor subclasses are refused by their class name
 * when it is looked up, before this runs.
 */
function rebuildFromType(source: string, args: readonly unknown[]): unknown {
  const [func, newType, funcArgs] = args;
  if (!(func instanceof PyCallable) || newType !== TENSOR_CLASS || !Array.isArray(funcArgs)) {
    throw new UnpicklingError(`${source}: _rebuild_from_type_v2 got (${args.map(pyTypeName).join(", ")}); expected a rebuild function, torch.Tensor and its arguments — the checkpoint is corrupt`);
  }
  return func.call(funcArgs);
}

/** `torch.Size(sizes)` is a tuple of ints. */
function sizeTuple(source: string, args: readonly unknown[]): readonly unknown[] {
  const [sizes] = args;
  if (args.length > 1 || (sizes !== undefined && !Array.isArray(sizes))) throw new UnpicklingError(`${source}: torch.Size expects one tuple of ints`);
  return makeTuple([...((sizes as unknown[] | undefined) ?? [])]);
}
