import { sigmoid, tanh, relu } from "../../ops/activation.js";
import type { Tensor } from "../../tensor.js";

/**
 * One time step of each recurrent cell, given the input's projection
 * `xw` = x W_ihᵀ + b_ih (computed for all steps at once by the layers) and
 * the hidden projection `hw` = h W_hhᵀ + b_hh. Gate order is PyTorch's:
 * LSTM (input, forget, cell, output), GRU (reset, update, new).
 */

export type RecurrentMode = "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU";

/** Gates per hidden unit: the row count of W_ih and W_hh is gates × hiddenSize. */
export function gateCount(mode: RecurrentMode): number {
  return mode === "LSTM" ? 4 : mode === "GRU" ? 3 : 1;
}

export function rnnStep(mode: "RNN_TANH" | "RNN_RELU", xw: Tensor, hw: Tensor): Tensor {
  const pre = xw.add(hw);
  return mode === "RNN_TANH" ? tanh(pre) : relu(pre);
}

/** LSTM: returns [h', c'] before any output projection. */
export function lstmStep(xw: Tensor, hw: Tensor, c: Tensor): [Tensor, Tensor] {
  const [i, f, g, o] = xw.add(hw).chunk(4, -1) as [Tensor, Tensor, Tensor, Tensor];
  const cNext = sigmoid(f).mul(c).add(sigmoid(i).mul(tanh(g)));
  return [sigmoid(o).mul(tanh(cNext)), cNext];
}

/** GRU: the reset gate scales the hidden part of the new-gate pre-activation, bias b_hn included. */
export function gruStep(xw: Tensor, hw: Tensor, h: Tensor): Tensor {
  const [xr, xz, xn] = xw.chunk(3, -1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hn] = hw.chunk(3, -1) as [Tensor, Tensor, Tensor];
  const r = sigmoid(xr.add(hr));
  const z = sigmoid(xz.add(hz));
  const n = tanh(xn.add(r.mul(hn)));
  // (1 - z) * n + z * h
  return n.add(z.mul(h.sub(n)));
}
