#!/usr/bin/env bash
# Packs what scripts/device-check.sh needs on a GPU machine that has no Node.js
# and no network: this machine's node binary, the installed node_modules (less
# the tools the check does not use), the built dist folders and the addon, into
# .device/bundle.tar.xz (ignored by git; about 40 MB). Run from anywhere after
# `pnpm install && pnpm build`; then carry .device to the GPU machine.
set -euo pipefail
cd "$(dirname "$0")/../../.."
test -f packages/cuda/build/Release/taimatsu_cuda.node || { echo "build first: pnpm --filter @taimatsu/cuda... build" >&2; exit 1; }
mkdir -p .device/bin
cp "$(command -v node)" .device/bin/node
paths=(.device/bin node_modules packages/*/node_modules packages/*/dist packages/cuda/build/Release/taimatsu_cuda.node)
tar -cJf .device/bundle.tar.xz \
  --exclude='node_modules/.pnpm/@biomejs*' --exclude='node_modules/.pnpm/@turbo*' --exclude='node_modules/.pnpm/turbo@*' \
  --exclude='node_modules/.pnpm/typescript@*' --exclude='node_modules/.pnpm/playwright-core@*' --exclude='node_modules/.pnpm/prettier@*' \
  --exclude='node_modules/.pnpm/@changesets*' --exclude='node_modules/.cache' \
  "${paths[@]}"
rm -rf .device/bin
ls -la .device/bundle.tar.xz
