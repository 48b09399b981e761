/**
 * State dicts use PyTorch's snake_case keys (`weight_decay`, `exp_avg_sq`)
 * so they round-trip with Python; Taimatsu objects use camelCase. These two
 * functions are inverse for every key either side produces.
 */
export function toSnakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function toCamelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
