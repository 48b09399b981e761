/** Finite-difference gradient checking. */
export {};
