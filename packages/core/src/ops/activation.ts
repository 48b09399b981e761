/** Activation functions (relu, gelu, silu, ...) as functions and Tensor methods. */
export {};
