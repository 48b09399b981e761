"""PyTorch's numbers for the measurements of gpu-bench.mjs, on the same GPU:
sgemm 8192 float32 without TF32, the tutorial network's training step at batch
4, ResNet-20 (CIFAR, 0.27M parameters) training at batch 512 in float32 eager
mode. One JSON line per measurement. Usage: python3 pytorch_gpu.py [--quick]"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

quick = "--quick" in sys.argv
dev = "cuda"
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False


def report(**kw):
    print(json.dumps({"impl": "pytorch", "version": torch.__version__, "device": torch.cuda.get_device_name(), **kw}), flush=True)


def timed(fn, warmup, seconds, min_iters):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    n, t0 = 0, time.perf_counter()
    while n < min_iters or time.perf_counter() - t0 < seconds:
        fn()
        n += 1
    torch.cuda.synchronize()
    return (time.perf_counter() - t0) / n


def sgemm():
    n = 256 if quick else 8192
    a, b = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
    s = timed(lambda: a @ b, 2, 2, 5)
    report(bench="sgemm", n=n, tflops=2 * n ** 3 / s / 1e12)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.pool, self.conv2 = nn.Conv2d(3, 6, 5), nn.MaxPool2d(2, 2), nn.Conv2d(6, 16, 5)
        self.fc1, self.fc2, self.fc3 = nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
        self.conv2, self.bn2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
        self.pad = cout - cin if stride != 1 or cin != cout else 0

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        short = x if not self.pad else F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad // 2, self.pad // 2))
        return F.relu(out + short)


class ResNet20(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16)
        layers, cin = [], 16
        for cout, stride in ((16, 1), (32, 2), (64, 2)):
            for i in range(3):
                layers.append(Block(cin, cout, stride if i == 0 else 1))
                cin = cout
        self.layers, self.fc = nn.Sequential(*layers), nn.Linear(64, 10)

    def forward(self, x):
        x = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


def train(net, batch, warmup, seconds, **opt):
    net = net.to(dev).train()
    o = torch.optim.SGD(net.parameters(), **opt)
    x, y = torch.randn(batch, 3, 32, 32, device=dev), torch.randint(0, 10, (batch,), device=dev)

    def step():
        o.zero_grad()
        F.cross_entropy(net(x), y).backward()
        o.step()
    return timed(step, warmup, seconds, 5)


sgemm()
report(bench="tutorial-step", batch=4, stepsPerSecond=1 / train(Net(), 4, 20, 0.5 if quick else 3, lr=0.001, momentum=0.9))
b = 8 if quick else 512
report(bench="resnet20-train", batch=b, imagesPerSecond=b / train(ResNet20(), b, 3, 0.5 if quick else 5, lr=0.1, momentum=0.9, weight_decay=1e-4))
