import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn } from "../src/index.js";

class Block extends nn.Module {
  conv1 = new nn.Conv2d(3, 4, 3, { bias: false });
  bn1 = new nn.BatchNorm2d(4);
  override forward(x: torch.Tensor): torch.Tensor {
    return this.bn1.call(this.conv1.call(x)).relu();
  }
}

class Net extends nn.Module {
  layer1 = new nn.Sequential(new Block(), new Block());
  fc = new nn.Linear(2, 3);
  override forward(x: torch.Tensor): torch.Tensor {
    return this.fc.call(x);
  }
}

describe("nn.Module registration", () => {
  it("discovers parameters, buffers and children in assignment order with PyTorch's keys", () => {
    const net = new Net();
    expect(Object.keys(net.stateDict())).toEqual([
      "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias",
      "layer1.0.bn1.running_mean", "layer1.0.bn1.running_var", "layer1.0.bn1.num_batches_tracked",
      "layer1.1.conv1.weight", "layer1.1.bn1.weight", "layer1.1.bn1.bias",
      "layer1.1.bn1.running_mean", "layer1.1.bn1.running_var", "layer1.1.bn1.num_batches_tracked",
      "fc.weight", "fc.bias",
    ]);
    expect(net.stateDict()["layer1.0.bn1.num_batches_tracked"]!.dtype).toBe("int64");
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias",
      "layer1.1.conv1.weight", "layer1.1.bn1.weight", "layer1.1.bn1.bias", "fc.weight", "fc.bias",
    ]);
    expect(net.namedBuffers().map(([n]) => n)).toContain("layer1.1.bn1.running_var");
    expect(net.namedModules().map(([n]) => n)).toEqual(["", "layer1", "layer1.0", "layer1.0.conv1", "layer1.0.bn1", "layer1.1", "layer1.1.conv1", "layer1.1.bn1", "fc"]);
    expect(net.namedChildren().map(([n]) => n)).toEqual(["layer1", "fc"]);
    expect(net.getSubmodule("layer1.1.bn1")).toBeInstanceOf(nn.BatchNorm2d);
    expect(net.getBuffer("layer1.0.bn1.running_mean").shape).toEqual([4]);
    expect(net.getParameter("fc.bias").shape).toEqual([3]);
  });

  it("prints like PyTorch's repr", () => {
    expect(String(new nn.Linear(2, 3))).toBe("Linear(in_features=2, out_features=3, bias=True)");
    expect(String(new Net())).toBe(
      [
        "Net(",
        "  (layer1): Sequential(",
        "    (0): Block(",
        "      (conv1): Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), bias=False)",
        "      (bn1): BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
        "    )",
        "    (1): Block(",
        "      (conv1): Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), bias=False)",
        "      (bn1): BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
        "    )",
        "  )",
        "  (fc): Linear(in_features=2, out_features=3, bias=True)",
        ")",
      ].join("\n"),
    );
  });
});
