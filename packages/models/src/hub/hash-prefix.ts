/**
 * The hash a weights file name carries. Published weights follow the
 * convention of PyTorch's model zoo, `<name>-<first hex digits of the
 * sha256>.<ext>` (`resnet20-12fca82f.th`), so a cached file can be checked
 * against its own name without any other record.
 */

/** Hex after the last '-' of the name, up to the first '.' after it; undefined when there is none. */
export function hashPrefixFromFileName(fileName: string): string | undefined {
  const dash = fileName.lastIndexOf("-");
  if (dash < 0) return undefined;
  const rest = fileName.slice(dash + 1);
  const dot = rest.indexOf(".");
  const candidate = (dot < 0 ? rest : rest.slice(0, dot)).toLowerCase();
  return /^[0-9a-f]{6,64}$/.test(candidate) ? candidate : undefined;
}
