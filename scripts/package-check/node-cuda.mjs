// The CUDA backend from its tarball on a machine without NVIDIA's driver:
// installing built the addon (no CUDA toolkit), importing leaves "cuda"
// unregistered, and naming the device says why and what to install.
import assert from "node:assert/strict";
import * as torch from "@taimatsu/core";
import * as cuda from "@taimatsu/cuda";

if (cuda.isAvailable()) {
  console.log(`cuda: available here (${cuda.driverInfo().devices.length} device(s)); the not-available path is not checked`);
} else {
  const reason = cuda.unavailable();
  assert.doesNotMatch(reason, /addon is not built/, "the install should have built the addon");
  assert.equal(torch.backends.isAvailable("cuda"), false);
  assert.throws(() => torch.ones([2]).to("cuda"), (e) => e.name === "DeviceError" && e.message.includes(reason));
  console.log(`cuda: unavailable as expected: ${reason.slice(0, 80)}...`);
}
