/** CIFAR-10's class names in label order (batches.meta.txt of the binary release). */
export const CIFAR10_CATEGORIES: readonly string[] = Object.freeze([
  "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
]);
