/** A command as a shell would take it back, for summaries that must say exactly what ran. */
import { relative } from "node:path";

/** `process.argv` as `node <script relative to the working directory> <args>`. */
export function commandLine(argv: readonly string[]): string {
  const [, script, ...args] = argv;
  const program = script === undefined ? [] : [relative(process.cwd(), script) || script];
  return ["node", ...program, ...args].map(shellQuote).join(" ");
}

export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
