#!/usr/bin/env bash
# The one check a machine with an NVIDIA GPU runs (it needs no network and no
# Node.js of its own): unpacks .device/bundle.tar.xz (scripts/pack-device-bundle.sh),
# rebuilds the kernels with the machine's nvcc (PTX compared with the committed
# one, cubins for sm_80/sm_90), probes the driver, runs the GPU tests and the
# conformance suite on "cuda", core's PyTorch fixtures with "cuda" as the default
# device, then the benchmarks against the machine's PyTorch. Everything goes to
# $OUT/device-check.log (OUT defaults to /tmp/taimatsu-device-check), the
# benchmark lines to $OUT/bench.jsonl. Usage, from the repository root:
#   bash packages/cuda/scripts/device-check.sh [--quick]
set -uo pipefail
cd "$(dirname "$0")/../../.."
OUT=${OUT:-/tmp/taimatsu-device-check}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/device-check.log") 2>&1
QUICK=${1:-}
status=0
step() { echo; echo "=== $(date -u +%H:%M:%S) $*"; }
fail() { echo "FAILED: $*"; status=1; }

step "unpack"
if ! command -v node >/dev/null; then
  test -f .device/bundle.tar.xz || { echo "no node and no .device/bundle.tar.xz: run packages/cuda/scripts/pack-device-bundle.sh here first and carry .device"; exit 2; }
  tar -xJf .device/bundle.tar.xz
  export PATH="$PWD/.device/bin:$PATH"
fi
node --version || exit 2

step "machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || fail "nvidia-smi"
command -v nvcc >/dev/null && nvcc --version | tail -2
python3 -c 'import torch; print("pytorch", torch.__version__, torch.version.cuda, torch.cuda.get_device_name())' || true

step "kernels: nvcc here, compared with the committed PTX"
cp -r packages/cuda/kernels/ptx /tmp/ptx-committed
if command -v nvcc >/dev/null; then
  TAIMATSU_BUILD_JOBS=16 timeout 120 node packages/cuda/scripts/build-kernels.mjs || fail "kernel build"
  diff -rq /tmp/ptx-committed packages/cuda/kernels/ptx && echo "PTX matches the committed files" || echo "PTX differs from the committed files (another nvcc version, or stale)"
  ls packages/cuda/kernels/cubin/*/ 2>/dev/null
else
  echo "no nvcc here: the committed PTX is used"
fi

step "probe"
node --input-type=module -e '
  const cuda = await import("./packages/cuda/dist/index.js");
  console.log(JSON.stringify({ available: cuda.isAvailable(), reason: cuda.unavailable(), driver: cuda.driverInfo() }));
' || fail "probe"

cd packages/cuda
step "GPU tests and the conformance suite on cuda"
timeout 180 node ../../node_modules/vitest/vitest.mjs run test/gpu.test.ts --reporter=dot --reporter=junit --outputFile.junit="$OUT/conformance.xml" || fail "conformance"
step "core's PyTorch fixtures on cuda"
timeout 120 node ../../node_modules/vitest/vitest.mjs run --config test/device/core-on-cuda.config.mjs --reporter=dot || fail "fixtures on cuda"
cd ../..

step "benchmarks: PyTorch"
timeout 60 python3 packages/cuda/bench/pytorch_gpu.py $QUICK | tee -a "$OUT/bench.jsonl" || fail "pytorch bench"
step "benchmarks: taimatsu on cuda"
timeout 100 node packages/cuda/bench/gpu-bench.mjs cuda $QUICK | tee -a "$OUT/bench.jsonl" || fail "taimatsu bench"

step "done (status $status)"
exit $status
