import { nn, type Tensor } from "@taimatsu/core";

/**
 * The convolutional network of PyTorch's "Training a Classifier" CIFAR-10
 * tutorial, with the same module names, so its state dicts load either way:
 * `conv1, pool, conv2, fc1, fc2, fc3`.
 */
export class Net extends nn.Module {
  conv1: nn.Conv2d;
  pool: nn.MaxPool2d;
  conv2: nn.Conv2d;
  fc1: nn.Linear;
  fc2: nn.Linear;
  fc3: nn.Linear;

  constructor(options: { numClasses?: number } = {}) {
    super();
    this.conv1 = new nn.Conv2d(3, 6, 5);
    this.pool = new nn.MaxPool2d(2, { stride: 2 });
    this.conv2 = new nn.Conv2d(6, 16, 5);
    this.fc1 = new nn.Linear(16 * 5 * 5, 120);
    this.fc2 = new nn.Linear(120, 84);
    this.fc3 = new nn.Linear(84, options.numClasses ?? 10);
  }

  override forward(x: Tensor): Tensor {
    x = this.pool.call(this.conv1.call(x).relu());
    x = this.pool.call(this.conv2.call(x).relu());
    x = x.flatten(1);
    x = this.fc1.call(x).relu();
    x = this.fc2.call(x).relu();
    return this.fc3.call(x);
  }
}
