import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn, type Tensor } from "../src/index.js";
import { buildModule, runModuleCase, type ModuleCase } from "./module-case.js";
import { decode, expectClose, readFixture, revive, type EncodedTensor } from "./nn-fixture-tensors.js";

/**
 * RNN, LSTM, GRU and their cells against PyTorch 1.13
 * (fixtures/generate_modules.py): outputs, final states and gradients for
 * padded batches, and for PackedSequences built with packPaddedSequence and
 * unpacked with padPackedSequence.
 */

interface PackedCase {
  name: string;
  module: string;
  args: unknown[];
  options: Record<string, unknown> | null;
  training: boolean;
  state: Record<string, EncodedTensor>;
  padded: EncodedTensor;
  lengths: number[];
  batchFirst: boolean;
  enforceSorted: boolean;
  hx: EncodedTensor[] | null;
  packedData: EncodedTensor;
  batchSizes: number[];
  sortedIndices: number[] | null;
  output: EncodedTensor;
  outputLengths: number[];
  finals: EncodedTensor[];
  gradOutput: EncodedTensor;
  gradFinals: EncodedTensor[];
  inputGrad: EncodedTensor;
  hxGrads: EncodedTensor[];
  paramGrads: Record<string, EncodedTensor>;
  repr: string;
}

const { modules, packed } = readFixture<{ modules: ModuleCase[]; packed: PackedCase[] }>("nn-recurrent.json");
const { packPaddedSequence, padPackedSequence, padSequence, packSequence } = nn.utils.rnn;

function runPackedCase(c: PackedCase): void {
  const module = buildModule({ ...c, module: c.module } as unknown as ModuleCase).double();
  expect(String(module)).toBe(c.repr);
  module.loadStateDict(revive(c.state));
  module.train(c.training);
  const x = decode(c.padded).requiresGrad_();
  const hx = c.hx ? c.hx.map((h) => decode(h).requiresGrad_()) : null;
  const seq = packPaddedSequence(x, c.lengths, { batchFirst: c.batchFirst, enforceSorted: c.enforceSorted });
  expectClose(seq.data, c.packedData, `${c.name} packed data`);
  expect(seq.batchSizes.toArray()).toEqual(c.batchSizes);
  expect(seq.sortedIndices ? seq.sortedIndices.toArray() : null).toEqual(c.sortedIndices);
  const hxArg = hx === null ? null : hx.length === 1 ? hx[0]! : [hx[0]!, hx[1]!];
  const [out, state] = (module as unknown as { call(i: unknown, h: unknown): [nn.utils.PackedSequence, Tensor | [Tensor, Tensor]] }).call(seq, hxArg);
  const finals = Array.isArray(state) ? state : [state];
  const [padded, lengths] = padPackedSequence(out, { batchFirst: c.batchFirst });
  expectClose(padded, c.output, `${c.name} output`);
  expect(lengths.toArray()).toEqual(c.outputLengths);
  finals.forEach((f, i) => expectClose(f, c.finals[i]!, `${c.name} final state ${i}`));
  const params = module.namedParameters();
  const wrt = [x, ...(hx ?? []), ...params.map(([, p]) => p)];
  const grads = torch.autograd.grad([padded, ...finals], wrt, { gradOutputs: [decode(c.gradOutput), ...c.gradFinals.map(decode)], allowUnused: true });
  expectClose(grads[0]!, c.inputGrad, `${c.name} grad of the padded input`);
  c.hxGrads.forEach((g, i) => expectClose(grads[1 + i]!, g, `${c.name} grad of initial state ${i}`));
  params.forEach(([name], i) => expectClose(grads[1 + c.hxGrads.length + i]!, c.paramGrads[name]!, `${c.name} grad of ${name}`));
}

describe("recurrent layers match PyTorch", () => {
  for (const c of modules) it(`nn.${c.name}`, () => runModuleCase(c));
  for (const c of packed) it(`nn.${c.name}`, () => runPackedCase(c));
});

describe("recurrent layers", () => {
  it("have PyTorch's state-dict keys and init bounds", () => {
    const lstm = new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true, projSize: 2 });
    const shapes = Object.entries(lstm.stateDict()).map(([k, v]) => `${k}:${v.shape.join("x")}`);
    expect(shapes.slice(0, 10)).toEqual([
      "weight_ih_l0:16x3", "weight_hh_l0:16x2", "bias_ih_l0:16", "bias_hh_l0:16", "weight_hr_l0:2x4",
      "weight_ih_l0_reverse:16x3", "weight_hh_l0_reverse:16x2", "bias_ih_l0_reverse:16", "bias_hh_l0_reverse:16", "weight_hr_l0_reverse:2x4",
    ]);
    expect(shapes[10]).toBe("weight_ih_l1:16x4");
    for (const p of lstm.parameters()) expect(p.abs().max().item()).toBeLessThanOrEqual(0.5);
    expect(Object.keys(new nn.GRUCell(2, 3, { bias: false }).stateDict())).toEqual(["weight_ih", "weight_hh"]);
  });

  it("dropout between layers changes training outputs only", () => {
    torch.manualSeed(1);
    const gru = new nn.GRU(2, 3, { numLayers: 2, dropout: 0.9 });
    const x = torch.randn([4, 2, 2]);
    const a = gru.call(x)[0] as torch.Tensor;
    gru.eval();
    const b = gru.call(x)[0] as torch.Tensor;
    const c = gru.call(x)[0] as torch.Tensor;
    expect(b.equal(c)).toBe(true);
    expect(a.equal(b)).toBe(false);
  });

  it("padSequence, packSequence and padPackedSequence round-trip", () => {
    const seqs = [torch.arange(3).reshape([3, 1]), torch.arange(5).reshape([5, 1]), torch.arange(1).reshape([1, 1])];
    const padded = padSequence(seqs, { batchFirst: true, paddingValue: -1 });
    expect(padded.shape).toEqual([3, 5, 1]);
    expect(padded.reshape([3, 5]).toArray()).toEqual([0, 1, 2, -1, -1, 0, 1, 2, 3, 4, 0, -1, -1, -1, -1]);
    const seq = packSequence(seqs, { enforceSorted: false });
    expect(seq.batchSizes.toArray()).toEqual([3, 2, 2, 1, 1]);
    expect(seq.data.reshape([-1]).toArray()).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 4]);
    const [back, lengths] = padPackedSequence(seq, { batchFirst: true, paddingValue: -1, totalLength: 6 });
    expect(lengths.toArray()).toEqual([3, 5, 1]);
    expect(back.shape).toEqual([3, 6, 1]);
    expect(back.narrow(1, 0, 5).equal(padded)).toBe(true);
  });

  it("reject what PyTorch rejects", () => {
    const x = torch.randn([4, 2, 3]);
    expect(() => packPaddedSequence(x, [2, 4])).toThrow(/sorted in decreasing order/);
    expect(() => packPaddedSequence(x, [4, 0])).toThrow(/greater than 0/);
    expect(() => packPaddedSequence(x, [4])).toThrow(/batch_size/);
    expect(() => padPackedSequence(packPaddedSequence(x, [4, 2]), { totalLength: 3 })).toThrow(/total_length/);
    const lstm = new nn.LSTM(3, 5);
    expect(() => lstm.call(torch.randn([4, 2, 4]))).toThrow(/input_size. Expected 3, got 4/);
    expect(() => lstm.call(x, [torch.zeros([1, 3, 5]), torch.zeros([1, 2, 5])])).toThrow(/Expected hidden size \(1, 2, 5\)/);
    expect(() => lstm.call(torch.randn([2, 3, 4, 5]))).toThrow(/2D or 3D/);
    expect(() => new nn.GRU(3, 4, { projSize: 2 } as object)).toThrow(/only supported for LSTM/);
    expect(() => new nn.RNN(3, 4, { nonlinearity: "sigmoid" as "tanh" })).toThrow(/nonlinearity/);
    expect(() => new nn.LSTMCell(3, 4).call(torch.randn([2, 4]))).toThrow(/input_size/);
  });
});
