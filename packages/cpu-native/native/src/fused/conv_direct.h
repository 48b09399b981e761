// Direct float convolutions: no im2col matrix, no GEMM call.
//
// The source image is copied once into a zero-padded buffer xp[C][Hp][Wp].
// Output pixel (y, x) then reads xp at q + off(c, ki, kj), q = y*Wp + x. If the
// kernel computes every q in [0, OH*Wp) — a "wide" output whose columns
// x >= OW are discarded — each kernel tap becomes one contiguous run of xp,
// so the inner loops are unaligned vector loads, broadcast weights and
// multiply-adds, and the register tile reuses every loaded vector across
// several output channels (conv_direct_forward.cc).
//
// Strided convolutions have no such runs, and on small images the wide grid
// is mostly padding; there the tiles take output channels as the vector
// dimension instead, broadcasting source pixels. Forward and the input
// gradient (a unit-stride convolution of the output gradient with the
// flipped, transposed weight) share these tiles; the weight gradient
// contracts the output gradient against the same taps, over output channels
// (any stride) or, with at most one vector of them, over wide pixels
// (conv_direct_weight.cc). conv_direct_stack.h holds what they share.
// Each entry point returns false for shapes it does not take, and the caller
// falls back to im2col + GEMM.
#pragma once

#include "conv_common.h"

namespace taimatsu {

bool conv_direct_forward(const View& out, const View& x, const View& w, const View* b, const ConvGeometry& geo);
bool conv_direct_backward_input(const View& gin, const View& gout, const View& w, const View* b, const ConvGeometry& geo);
bool conv_direct_backward_weight(const View& gw, const View& gout, const View& x, const ConvGeometry& geo);

// Off routes every convolution through im2col + GEMM (tests compare the two).
void set_conv_direct_enabled(bool on);
bool conv_direct_enabled();

}  // namespace taimatsu
