/** `torch.nn.utils`: gradient clipping and flat parameter vectors. */
export { clipGradNorm_, clipGradValue_, type ClipGradNormOptions, type TensorOrTensors } from "./clip-grad.js";
export { parametersToVector, vectorToParameters } from "./parameter-vector.js";
export * as rnn from "./rnn.js";
export { PackedSequence, packPaddedSequence, padPackedSequence, padSequence, packSequence } from "./rnn.js";
