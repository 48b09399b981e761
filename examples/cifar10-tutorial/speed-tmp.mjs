import * as torch from "@taimatsu/core";

import { Net } from "./dist/net.js";
const net = new Net();
const criterion = new torch.nn.CrossEntropyLoss();
const optimizer = new torch.optim.SGD(net.parameters(), { lr: 0.001, momentum: 0.9 });
const x = torch.randn([4, 3, 32, 32]);
const y = torch.randint(0, 10, [4]);
for (let rep = 0; rep < 2; rep++) {
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) {
    optimizer.zeroGrad();
    const loss = criterion.call(net.call(x), y);
    loss.backward();
    optimizer.step();
    loss.item();
  }
  console.log("reference train steps/s (batch 4, no loader):", (100 / ((performance.now() - t0) / 1000)).toFixed(0));
}
