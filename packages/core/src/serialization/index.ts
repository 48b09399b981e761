/**
 * `torch.save` / `torch.load` in the safetensors format, checkpoints that
 * bundle model, optimizer and scheduler state, and reading of PyTorch's own
 * checkpoint files.
 */
export { save, saveAsync, saveToBytes, type SaveFormat, type SaveOptions } from "./save.js";
export { load, loadAsync, loadFromBytes, loadSafetensors, safetensorsFromBytes, type LoadOptions, type SafetensorsContents } from "./load.js";
export {
  saveCheckpoint, saveCheckpointAsync, loadCheckpoint, loadCheckpointAsync,
  type Checkpoint, type CheckpointParts, type LoadCheckpointOptions,
} from "./checkpoint/checkpoint.js";
export { SafetensorsError } from "./safetensors/error.js";
export { loadTorchCheckpoint, stripPrefix, UnpicklingError, ZipError, type TorchCheckpointOptions } from "./torch-checkpoint/index.js";
