// The networks the model cases train, written with Taimatsu's nn exactly as in pytorch_cases.py.

export function TutorialNet(torch) {
  const { nn } = torch;
  class Net extends nn.Module {
    constructor() {
      super();
      this.conv1 = new nn.Conv2d(3, 6, 5);
      this.pool = new nn.MaxPool2d(2, 2);
      this.conv2 = new nn.Conv2d(6, 16, 5);
      this.fc1 = new nn.Linear(16 * 5 * 5, 120);
      this.fc2 = new nn.Linear(120, 84);
      this.fc3 = new nn.Linear(84, 10);
    }
    forward(x) {
      x = this.pool.call(this.conv1.call(x).relu());
      x = this.pool.call(this.conv2.call(x).relu());
      x = x.flatten(1);
      x = this.fc1.call(x).relu();
      x = this.fc2.call(x).relu();
      return this.fc3.call(x);
    }
  }
  return new Net();
}

export function resnet20(torch) {
  const { nn } = torch;
  const F = nn.functional;
  class Block extends nn.Module {
    constructor(inp, out, stride) {
      super();
      this.conv1 = new nn.Conv2d(inp, out, 3, { stride, padding: 1, bias: false });
      this.bn1 = new nn.BatchNorm2d(out);
      this.conv2 = new nn.Conv2d(out, out, 3, { stride: 1, padding: 1, bias: false });
      this.bn2 = new nn.BatchNorm2d(out);
      this.padding = stride !== 1 || inp !== out ? out / 4 : 0;
    }
    forward(x) {
      const y = this.bn2.call(this.conv2.call(this.bn1.call(this.conv1.call(x)).relu()));
      const s = this.padding ? F.pad(x.slice(2, null, null, 2).slice(3, null, null, 2), [0, 0, 0, 0, this.padding, this.padding]) : x;
      return y.add(s).relu();
    }
  }
  const layers = [new nn.Conv2d(3, 16, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(16), new nn.ReLU()];
  let inp = 16;
  for (const [out, stride] of [[16, 1], [32, 2], [64, 2]]) {
    for (let i = 0; i < 3; i++) {
      layers.push(new Block(inp, out, i === 0 ? stride : 1));
      inp = out;
    }
  }
  layers.push(new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Linear(64, 10));
  return new nn.Sequential(...layers);
}
