/** Python's `{:.4e}` (two-digit exponent), so verbose scheduler logs read like PyTorch's. */
export function pyExp4(value: number): string {
  const [mant, exp] = value.toExponential(4).split("e");
  const e = Number(exp);
  return `${mant}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

/** Python's `"%.5d" % epoch` for integers, `"%.2f"` otherwise. */
export function pyEpoch(epoch: number): string {
  return Number.isInteger(epoch) ? String(epoch).padStart(5, "0") : epoch.toFixed(2);
}
