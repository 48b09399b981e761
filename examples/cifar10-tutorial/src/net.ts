import * as torch from "@taimatsu/core";

const { nn } = torch;

/** The tutorial's network: two conv/pool stages, then three fully connected layers. */
export class Net extends nn.Module {
  conv1 = new nn.Conv2d(3, 6, 5);
  pool = new nn.MaxPool2d(2, { stride: 2 });
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);

  override forward(x: torch.Tensor): torch.Tensor {
    x = this.pool.call(this.conv1.call(x).relu());
    x = this.pool.call(this.conv2.call(x).relu());
    x = x.flatten(1); // flatten all dimensions except batch
    x = this.fc1.call(x).relu();
    x = this.fc2.call(x).relu();
    return this.fc3.call(x);
  }
}
