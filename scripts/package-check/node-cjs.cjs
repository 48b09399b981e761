// The same project through require(): one core, shared with import().
const assert = require("node:assert/strict");
const torch = require("@taimatsu/core");
require("@taimatsu/cpu-native");

assert.equal(torch.backends.backendFor("cpu").name, "cpu-native");
const x = torch.tensor([[0, 1, 2], [3, 4, 5]], { dtype: "float32" });
assert.deepEqual(x.sum(1).tolist(), [3, 12]);
import("@taimatsu/core").then((esm) => {
  assert.equal(esm.Tensor, torch.Tensor, "require() and import() load the same copy of core");
  console.log(`require: ok (core ${torch.version})`);
});
