/**
 * What a run's numbers were measured on. The project's machines are shared,
 * so the load average at the end is recorded too: a busy machine explains a
 * slow run.
 */
import os from "node:os";
import * as torch from "@taimatsu/core";

export interface Hardware {
  cpu: string;
  logicalCpus: number;
  /** Absent where the platform does not report it (virtual machines often give 0). */
  mhz?: number;
  memoryGiB: number;
  platform: string;
  node: string;
  /** The backend that served "cpu", with what it reports about itself (BLAS, threads, SIMD). */
  backend: { name: string; details: Record<string, unknown> };
  loadAverage: number[];
}

export function describeHardware(): Hardware {
  const cpus = os.cpus();
  const active = torch.backends.info().find((b) => b.deviceType === "cpu" && b.active);
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    logicalCpus: cpus.length,
    ...(cpus[0]?.speed ? { mhz: cpus[0].speed } : {}),
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    backend: { name: active?.name ?? "none", details: withoutCounters(active?.details ?? {}) },
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

/** Allocation counters change by the second and say nothing about the machine. */
function withoutCounters(details: Record<string, unknown>): Record<string, unknown> {
  const { liveBytes: _live, ...rest } = details;
  return rest;
}
