/**
 * Download progress. On a terminal: one line redrawn in place with bytes,
 * percentage, rate and time left. Elsewhere (CI logs, pipes): a line when a
 * download starts and one when it ends, nothing in between.
 */
export interface ProgressOptions {
  /** false: print nothing at all. */
  progress?: boolean;
  /** Where to write (default process.stderr). */
  output?: NodeJS.WritableStream & { isTTY?: boolean };
}

export class Progress {
  private readonly out: (NodeJS.WritableStream & { isTTY?: boolean }) | null;
  private readonly tty: boolean;
  private readonly start = Date.now();
  private lastDraw = 0;
  private bytes = 0;

  constructor(
    private readonly label: string,
    private readonly total: number | null,
    options: ProgressOptions,
  ) {
    this.out = options.progress === false ? null : (options.output ?? process.stderr);
    this.tty = Boolean(this.out?.isTTY);
  }

  /** A line of its own (start, retry, skip notices). */
  note(line: string): void {
    if (!this.out) return;
    if (this.tty && this.lastDraw > 0) this.out.write("\n");
    this.lastDraw = 0;
    this.out.write(`${line}\n`);
  }

  update(bytes: number): void {
    this.bytes = bytes;
    const now = Date.now();
    if (!this.tty || !this.out || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.out.write(`\r${this.bar(now)}\x1b[K`);
  }

  done(): void {
    if (!this.out) return;
    const seconds = Math.max((Date.now() - this.start) / 1000, 1e-3);
    if (this.tty) this.out.write(`\r${this.bar(Date.now())}\x1b[K\n`);
    else this.out.write(`${this.label}: ${formatBytes(this.bytes)} in ${seconds.toFixed(1)} s (${formatBytes(this.bytes / seconds)}/s)\n`);
  }

  private bar(now: number): string {
    const seconds = Math.max((now - this.start) / 1000, 1e-3);
    const rate = this.bytes / seconds;
    const size = this.total ? `${formatBytes(this.bytes)}/${formatBytes(this.total)}` : formatBytes(this.bytes);
    if (!this.total) return `${this.label} ${size} ${formatBytes(rate)}/s`;
    const fraction = Math.min(this.bytes / this.total, 1);
    const width = 24;
    const filled = Math.round(fraction * width);
    const eta = rate > 0 ? (this.total - this.bytes) / rate : Infinity;
    return `${this.label} ${(fraction * 100).toFixed(0).padStart(3)}% |${"█".repeat(filled)}${" ".repeat(width - filled)}| ${size} ${formatBytes(rate)}/s ETA ${formatDuration(eta)}`;
  }
}

export function formatBytes(n: number): string {
  const units = ["B", "kB", "MB", "GB"];
  let u = 0;
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000;
    u++;
  }
  return `${n.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
