/**
 * `torch.linalg`: norms, determinants, inverses, linear solves and the
 * Cholesky factorization, for batches of small matrices. They are written
 * with tensor ops (Gauss-Jordan elimination with partial pivoting, the
 * column-by-column Cholesky), so they run on every backend and autograd
 * differentiates them. Singular and non-positive-definite inputs raise
 * `LinAlgError` with PyTorch's messages on backends that read back
 * synchronously (the CPU ones).
 */
export { inv, solve, type SolveOptions } from "./solve.js";
export { det, slogdet, logdet, type SignLogAbsDet } from "./determinant.js";
export { cholesky, type CholeskyOptions } from "./cholesky.js";
export { norm, vectorNorm, matrixNorm, type NormOptions, type MatrixOrd } from "./norms.js";
