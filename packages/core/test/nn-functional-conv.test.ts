import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { gradcheck, gradgradcheck } from "../src/autograd/gradcheck.js";
import * as F from "../src/nn/functional/index.js";
import { expectClose, seq } from "./nn-functional-helpers.js";

describe("conv2d", () => {
  it("matches PyTorch with stride, padding, dilation, groups and bias", () => {
    const x = seq([2, 4, 5, 6]);
    const w = seq([6, 2, 3, 2], 0.91, 0.3);
    const b = seq([6], 1.3);
    const y = F.conv2d(x, w, b, { stride: 2, padding: 1, dilation: [1, 2], groups: 2 });
    expect(y.shape).toEqual([2, 6, 3, 3]);
    // F.conv2d(x, w, b, stride=2, padding=1, dilation=(1, 2), groups=2)
    expectClose(y, [-1.89238555, -1.63743697, 1.39061729, 0.39545227, -3.38266758, -5.26935781, 1.20878949, 3.14979445, 1.60526275, 1.43544891, 4.08990075, 3.85024563, -1.69750665, -2.7910893, 0.84997982, 2.00493437, 0.03326251, -2.39148098, 2.33662919, 1.68084581, -1.31101939, 0.52188249, 4.4651385, 5.80201006, -0.85054086, -2.49381402, -0.58313457, 0.31812912, 2.59574395, 1.44380044, -3.20558908, -2.84968525, 1.10866575, -0.29590215, -2.81061445, -4.50591182, 0.49568749, -1.06551121, -3.76524278, 0.06706665, 4.03551215, 4.00284949, -2.40790733, -3.16130641, -0.70579478, -0.99903229, -3.04089872, -1.48128296, 2.58940969, 1.63425179, -2.31916699, 0.05345555, 2.68193468, 4.00643816, -1.33203185, 0.06743169, 2.87397851, -0.74197554, -4.75913159, -5.12228936, 1.4769406, 2.44536421, 0.28545951, 2.00740132, 4.1688305, 3.00368222, -1.47009535, -0.86851527, 3.06813811, 1.12179134, -1.4918902, -3.03390191, 1.68990796, -0.03594162, -2.66654553, 1.62497012, 5.55128473, 5.3199892, -0.98533318, -1.5590785, 0.83367727, 0.69563336, 2.1370433, 0.23212499, -2.60369337, -0.62256531, 3.05296563, -1.2134574, -3.9820272, -4.59680466, -0.32561887, -2.70270322, -4.68825125, 1.00626064, 4.36690148, 2.79427299, -2.27523538, -1.846591, 0.72825056, -1.25251538, -2.33497432, -0.13022886, 1.84569124, -0.6429095, -4.0809661, 0.95097671, 3.65481918, 3.88078337]);
  });

  it("pads asymmetrically for 'same' with even kernels", () => {
    const y = F.conv2d(seq([1, 2, 5, 5]), seq([3, 2, 2, 4], 0.53, 0.1), null, { padding: "same" });
    expect(y.shape).toEqual([1, 3, 5, 5]);
    // F.conv2d(x, w, padding="same")
    expectClose(y, [-1.04104679, 1.60565723, 3.93029763, 3.72905317, 2.39855467, 5.99540757, 6.02588878, 4.38936165, 1.62638374, -0.11713249, -2.26350492, -4.92700958, -6.34962815, -4.62548416, -2.33399353, -4.74780781, -3.31021721, -0.88957047, 0.92309291, 1.4035842, 4.28512913, 5.12579397, 4.70064708, 3.34817413, 1.86097083, -2.2598775, -4.60138813, -4.55671885, -2.15607441, -0.13461044, -1.84301462, 0.55908415, 2.19425205, 3.20750234, 2.73775393, 3.27571121, 4.29323185, 3.34728992, 0.38816169, -1.37438613, 0.0375065, -2.9254298, -4.03921296, -3.42144949, -1.98021911, -3.04799462, -2.46173052, -1.91444903, -0.66032257, 0.06542794, 3.68927442, 3.78645945, 1.40947355, -1.20246675, -2.24081202, -3.8356789, -6.68104911, -6.96068638, -5.38508141, -3.09109256, -1.57512303, -0.1039955, 2.42712101, 4.17061858, 3.94456194, 4.70385598, 6.7383694, 5.62290462, 3.0863178, 0.91692696, -0.71334988, -2.24102576, -2.4572083, -2.57437799, -1.93764228]);
  });

  it("accepts unbatched 3-D input and 'valid'", () => {
    const x = seq([2, 4, 4]);
    const w = seq([3, 2, 3, 3], 0.5);
    const batched = F.conv2d(x.unsqueeze(0), w, null, { padding: "valid" });
    const single = F.conv2d(x, w);
    expect(single.shape).toEqual([3, 2, 2]);
    expectClose(single, batched.squeeze(0).toArray(), 1e-12);
  });

  it("gradients pass gradcheck (groups, stride, dilation, asymmetric same)", () => {
    const x = seq([1, 4, 5, 6], 0.37, 0, true);
    const w = seq([2, 2, 2, 3], 0.71, 0.2, true);
    const b = seq([2], 1.1, 0, true);
    expect(gradcheck((a, k, c) => F.conv2d(a, k, c, { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2 }), [x, w, b])).toBe(true);
    const w2 = seq([2, 4, 2, 2], 0.43, 0.5, true);
    expect(gradcheck((a, k) => F.conv2d(a, k, null, { padding: "same" }), [x, w2])).toBe(true);
  });

  it("second derivatives pass gradgradcheck", () => {
    const x = seq([1, 2, 4, 3], 0.37, 0, true);
    const w = seq([2, 2, 2, 2], 0.71, 0.2, true);
    expect(gradgradcheck((a, k) => F.conv2d(a, k, null, { stride: 2, padding: 1 }), [x, w])).toBe(true);
  });

  it("records one node", () => {
    const y = F.conv2d(seq([1, 1, 3, 3], 0.3, 0, true), seq([1, 1, 2, 2]));
    expect(y.gradFn?.name).toBe("ConvolutionBackward0");
  });

  it("throws PyTorch's shape errors", () => {
    const w = torch.zeros([4, 3, 3, 3]);
    expect(() => F.conv2d(torch.zeros([1, 2, 5, 5]), w)).toThrow("Given groups=1, weight of size [4, 3, 3, 3], expected input[1, 2, 5, 5] to have 3 channels, but got 2 channels instead");
    expect(() => F.conv2d(torch.zeros([2, 3]), w)).toThrow("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [2, 3]");
    expect(() => F.conv2d(torch.zeros([1, 3, 2, 2]), w)).toThrow("Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size");
    expect(() => F.conv2d(torch.zeros([1, 4, 5, 5]), torch.zeros([3, 2, 3, 3]), null, { groups: 2 })).toThrow("Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [3, 2, 3, 3] instead");
    expect(() => F.conv2d(torch.zeros([1, 3, 5, 5]), w, torch.zeros([3]))).toThrow("Given weight of size [4, 3, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias of size [3] instead");
    expect(() => F.conv2d(torch.zeros([1, 3, 5, 5]), w, null, { padding: "same", stride: 2 })).toThrow("padding='same' is not supported for strided convolutions");
    expect(() => F.conv2d(torch.zeros([1, 3, 5, 5]), w, null, { padding: -1 })).toThrow("negative padding is not supported");
    expect(() => F.conv2d(torch.zeros([1, 3, 5, 5]), w, null, { stride: 0 })).toThrow("non-positive stride is not supported");
    expect(() => F.conv2d(torch.zeros([1, 3, 5, 5], { dtype: "float64" }), w)).toThrow(torch.DTypeError);
  });
});

describe("conv1d", () => {
  it("matches PyTorch", () => {
    const y = F.conv1d(seq([2, 3, 7]), seq([4, 3, 3], 0.7), seq([4], 0.2), { stride: 2, padding: 1 });
    expect(y.shape).toEqual([2, 4, 4]);
    // F.conv1d(x, w, b, stride=2, padding=1)
    expectClose(y, [1.76800517, 2.52407393, 0.40486361, -2.12661922, 1.94478586, 2.7539659, 0.67639308, -1.88008146, 2.11315256, 2.9752151, 0.93986717, -1.6408763, 2.26550703, 3.18020835, 1.18766075, -1.416622, 0.85658295, -1.94453797, -3.25432677, -1.83205027, 1.10872704, -1.66964947, -3.01617318, -1.64541682, 1.35269352, -1.40215306, -2.78503099, -1.46618231, 1.58086277, -1.149675, -2.56851618, -1.30194805]);
    // F.conv1d(x, w, padding="same") on an unbatched (3, 6) input with a kernel of 4
    expectClose(F.conv1d(seq([3, 6]), seq([2, 3, 4], 0.7), null, { padding: "same" }), [-1.52732726, 1.12370965, 2.7952077, 4.08838751, 2.83078308, 0.94701644, -1.85472287, -3.95359495, -3.47392468, -2.524075, 0.2536022, 1.8253923]);
  });

  it("gradients pass gradcheck and errors name 1-D shapes", () => {
    expect(gradcheck((a, k, c) => F.conv1d(a, k, c, { stride: 2, padding: 1, dilation: 2 }), [seq([2, 2, 6], 0.3, 0, true), seq([3, 2, 2], 0.8, 0, true), seq([3], 1, 0, true)])).toBe(true);
    expect(() => F.conv1d(torch.zeros([1, 2, 5]), torch.zeros([4, 3, 3]))).toThrow("Given groups=1, weight of size [4, 3, 3], expected input[1, 2, 5] to have 3 channels, but got 2 channels instead");
    expect(() => F.conv1d(torch.zeros([1, 3, 2]), torch.zeros([4, 3, 3]))).toThrow("Calculated padded input size per channel: (2). Kernel size: (3). Kernel size can't be greater than actual input size");
    expect(() => F.conv1d(torch.zeros([1, 3, 5, 5]), torch.zeros([4, 3, 3]))).toThrow("Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 3, 5, 5]");
  });
});

describe("convTranspose2d", () => {
  it("matches PyTorch with stride, padding, outputPadding, groups and dilation", () => {
    const y = F.convTranspose2d(seq([1, 4, 3, 3]), seq([4, 3, 3, 2], 0.61, 0.2), seq([6], 0.4), { stride: 2, padding: 1, outputPadding: [1, 0], groups: 2, dilation: [1, 2] });
    expect(y.shape).toEqual([1, 6, 6, 5]);
    // F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=(1, 0), groups=2, dilation=(1, 2))
    expectClose(y, [0.0, 0.36486413, 0.0, 0.89596739, 0.0, 0.0, 2.0266557, 0.0, 1.54872356, 0.0, 0.0, 1.53890928, 0.0, 1.56372873, 0.0, 0.0, 0.0570778, 0.0, -0.75474856, 0.0, 0.0, 1.00372334, 0.0, 0.49469259, 0.0, 0.0, -0.80936502, 0.0, -0.31766471, 0.0, 0.38941834, 0.38830461, 0.38941834, 0.26876923, 0.38941834, 0.38941834, -1.45136154, 0.38941834, -0.68703073, 0.38941834, 0.38941834, 0.0926548, 0.38941834, 0.05991202, 0.38941834, 0.38941834, 1.15554053, 0.38941834, 1.98439759, 0.38941834, 0.38941834, 0.12661343, 0.38941834, 0.2170299, 0.38941834, 0.38941834, 1.76878779, 0.38941834, 0.98395807, 0.38941834, 0.71735609, 0.35442676, 0.71735609, 0.03098262, 0.71735609, 0.71735609, 1.88853793, 0.71735609, 1.03866017, 0.71735609, 0.71735609, -0.30600996, 0.71735609, -0.27394804, 0.71735609, 0.71735609, -0.67064363, 0.71735609, -1.29872341, 0.71735609, 0.71735609, 0.17018242, 0.71735609, 0.52213997, 0.71735609, 0.71735609, -0.86954552, 0.71735609, 0.00217517, 0.71735609, 0.93203909, -0.01401776, 0.93203909, -0.43660334, 0.93203909, 0.93203909, -0.62220666, 0.93203909, 0.04846753, 0.93203909, 0.93203909, -0.69393281, 0.93203909, -0.49384836, 0.93203909, 0.93203909, 1.64161952, 0.93203909, 2.34847167, 0.93203909, 0.93203909, 0.43208167, 0.93203909, 1.03260696, 0.93203909, 0.93203909, 1.22029973, 0.93203909, 0.71096195, 0.93203909, 0.9995736, 1.17242818, 0.9995736, 1.2951148, 0.9995736, 0.9995736, 2.09845033, 0.9995736, 1.19366691, 0.9995736, 0.9995736, 1.40929646, 0.9995736, 1.38533756, 0.9995736, 0.9995736, -0.56869512, 0.9995736, -1.18774629, 0.9995736, 0.9995736, 1.191095, 0.9995736, 1.04710118, 0.9995736, 0.9995736, 0.43312813, 0.9995736, 1.28475121, 0.9995736, 0.90929743, 1.55506804, 0.90929743, 1.76452011, 0.90929743, 0.90929743, 0.55455379, 0.90929743, 1.45568643, 0.90929743, 0.90929743, 1.82349104, 0.90929743, 1.66502845, 0.90929743, 0.90929743, 2.92414301, 0.90929743, 3.29271825, 0.90929743, 0.90929743, 1.07654025, 0.90929743, 0.72616375, 0.90929743, 0.90929743, 1.60507655, 0.90929743, 0.63495864, 0.90929743]);
  });

  it("convTranspose1d matches PyTorch", () => {
    // F.conv_transpose1d(x, w, stride=3, padding=1, output_padding=2)
    expectClose(F.convTranspose1d(seq([1, 2, 4]), seq([2, 3, 3], 0.8), null, { stride: 3, padding: 1, outputPadding: 2 }), [0.98528293, 0.58250783, 0.76293324, 1.21045258, 0.92372763, 0.63220842, 1.27179316, 1.13992524, 0.41591715, 1.1610025, 1.20183931, 0.0, -0.82441652, -0.97514434, 0.0766819, -0.81687805, -1.21493073, 0.31659396, -0.69877896, -1.29028194, 0.51365652, -0.48610342, -1.19099955, 0.0, 0.2305562, 0.85562279, -0.87602274, -0.0057311, 0.86803694, -1.09911721, -0.24124273, 0.76296636, -1.17345133, -0.44410328, 0.55463186, 0.0]);
  });

  it("gradients pass gradcheck, including outputPadding >= stride (allowed by dilation)", () => {
    const x = seq([1, 4, 3, 2], 0.37, 0, true);
    const w = seq([4, 1, 2, 3], 0.7, 0.1, true);
    const b = seq([2], 0.9, 0, true);
    expect(gradcheck((a, k, c) => F.convTranspose2d(a, k, c, { stride: [2, 1], padding: [0, 1], outputPadding: [1, 0], groups: 2 }), [x, w, b])).toBe(true);
    expect(gradcheck((a, k) => F.convTranspose2d(a, k, null, { stride: 1, dilation: 2, outputPadding: 1, groups: 2 }), [x, w])).toBe(true);
  });

  it("throws PyTorch's errors", () => {
    expect(() => F.convTranspose2d(torch.zeros([1, 2, 5, 5]), torch.zeros([3, 4, 3, 3]))).toThrow("Given transposed=1, weight of size [3, 4, 3, 3], expected input[1, 2, 5, 5] to have 3 channels, but got 2 channels instead");
    expect(() => F.convTranspose2d(torch.zeros([1, 3, 5, 5]), torch.zeros([3, 4, 3, 3]), null, { outputPadding: 1 })).toThrow("output padding must be smaller than either stride or dilation, but got output_padding_height: 1 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1");
    expect(() => F.convTranspose2d(torch.zeros([1, 3, 5, 5]), torch.zeros([3, 4, 3, 3]), torch.zeros([3]))).toThrow("Given transposed=1, weight of size [3, 4, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias of size [3] instead");
    expect(() => F.convTranspose2d(torch.zeros([1, 3, 1, 1]), torch.zeros([3, 4, 3, 3]), null, { padding: 3 })).toThrow("Given input size per channel: (1 x 1). Calculated output size per channel: (-3 x -3). Output size is too small");
  });
});
