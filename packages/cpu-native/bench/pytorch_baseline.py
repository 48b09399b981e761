"""PyTorch numbers for the same measurements as run.mjs: sgemm GFLOP/s,
per-op overhead of a tiny add, and a CIFAR LeNet training step at batch 4.
Prints one JSON object. Usage: python3 bench/pytorch_baseline.py [threads]"""
import json
import sys
import time

import torch
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)


def timed(fn, seconds=1.0, min_iters=3):
    fn()
    n, t0 = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        t = time.perf_counter() - t0
        if t >= seconds and n >= min_iters:
            return t / n


def sgemm(n):
    a, b = torch.randn(n, n), torch.randn(n, n)
    out = torch.empty(n, n)
    return 2 * n ** 3 / timed(lambda: torch.mm(a, b, out=out)) / 1e9


def tiny_add_us():
    a, b = torch.ones(4), torch.ones(4)
    with torch.no_grad():
        return timed(lambda: [a + b for _ in range(1000)]) / 1000 * 1e6


def lenet_step_ms():
    def p(*shape):
        fan_in = 1
        for s in shape[1:]:
            fan_in *= s
        return (torch.randn(*shape) / max(fan_in, 1) ** 0.5).requires_grad_()
    m = [p(6, 3, 5, 5), p(6, 75), p(16, 6, 5, 5), p(16, 150), p(120, 400), p(120, 400), p(84, 120), p(84, 120), p(10, 84), p(10, 84)]
    m[1], m[3], m[5], m[7], m[9] = [t[:, 0].detach().clone().requires_grad_() for t in (m[1], m[3], m[5], m[7], m[9])]
    opt = torch.optim.SGD(m, lr=0.001, momentum=0.9)
    x, y = torch.randn(4, 3, 32, 32), torch.tensor([1, 5, 3, 9])

    def step():
        opt.zero_grad()
        h = F.max_pool2d(F.relu(F.conv2d(x, m[0], m[1])), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, m[2], m[3])), 2).flatten(1)
        h = F.relu(F.linear(h, m[4], m[5]))
        h = F.relu(F.linear(h, m[6], m[7]))
        F.cross_entropy(F.linear(h, m[8], m[9]), y).backward()
        opt.step()
    for _ in range(50):
        step()
    return timed(step, seconds=2.0) * 1e3


print(json.dumps({
    "torch": torch.__version__, "threads": threads,
    "sgemm1024": round(sgemm(1024), 1), "tinyAddUs": round(tiny_add_us(), 3), "lenetStepMs": round(lenet_step_ms(), 3),
}))
