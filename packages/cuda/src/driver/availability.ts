import type { ProbeResult } from "./addon.js";

/** The oldest CUDA version whose driver JIT-compiles the shipped PTX, from its `.version` (PTX ISA) line. */
export function requiredDriverVersion(ptx: string): number {
  const m = /^\s*\.version\s+(\d+)\.(\d+)/m.exec(ptx);
  if (!m) return 0;
  const isa = Number(m[1]) * 10 + Number(m[2]);
  // PTX ISA -> the CUDA release that introduced it
  const table: Record<number, number> = { 78: 11080, 80: 12000, 81: 12010, 82: 12020, 83: 12030, 84: 12040, 85: 12050, 86: 12070, 87: 12080, 88: 12090, 90: 13000 };
  return table[isa] ?? (isa > 90 ? 13000 + (isa - 90) * 10 : 11000);
}

/** "13.0" for 13000. */
export function cudaVersionString(v: number): string {
  return `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 10)}`;
}

const INSTALL = "Install the NVIDIA driver (https://www.nvidia.com/Download/index.aspx, or your distribution's nvidia-driver package)";

/**
 * Whether the CUDA backend can run, from what the addon's probe found: the
 * reason it cannot (no driver, the driver failed to start, no device, a driver
 * too old for the kernels) and what to install, or null when it can.
 */
export function unavailableReason(probe: ProbeResult, required: number): string | null {
  if (probe.error) {
    const tried = probe.tried.length > 0 ? ` (tried ${probe.tried.join("; ")})` : "";
    return `no NVIDIA driver was found: ${probe.error}${tried}. ${INSTALL}; the CUDA toolkit is not needed.`;
  }
  if (probe.initError) {
    if (probe.initCode === 100) return `the NVIDIA driver (${probe.library}) found no CUDA device on this machine (${probe.initError}). Check nvidia-smi and CUDA_VISIBLE_DEVICES.`;
    if (probe.initCode === 35) return `the NVIDIA driver (${probe.library}) is older than the CUDA runtime requires (${probe.initError}). ${INSTALL} for CUDA ${cudaVersionString(required)} or newer.`;
    return `the NVIDIA driver (${probe.library}) did not start: ${probe.initError}. Check nvidia-smi; ${INSTALL.toLowerCase()} if it reports no GPU.`;
  }
  if (probe.devices.length === 0) return `the NVIDIA driver (${probe.library}) reports no CUDA device. Check nvidia-smi and CUDA_VISIBLE_DEVICES.`;
  const version = probe.driverVersion ?? 0;
  if (version < required) {
    return `the NVIDIA driver is too old: it supports CUDA ${cudaVersionString(version)}, and the kernels need CUDA ${cudaVersionString(required)} or newer. Install a newer NVIDIA driver (release 580 or newer for CUDA 13: https://www.nvidia.com/Download/index.aspx, or your distribution's nvidia-driver package).`;
  }
  const old = probe.devices.find((d) => d.major < 8);
  if (old && probe.devices.every((d) => d.major < 8)) {
    return `${old.name} has compute capability ${old.major}.${old.minor}; the kernels need 8.0 (Ampere) or newer.`;
  }
  return null;
}
