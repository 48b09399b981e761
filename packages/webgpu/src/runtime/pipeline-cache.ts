/** The device surface the cache uses. */
export type PipelineDevice = Pick<GPUDevice, "createShaderModule" | "createComputePipeline">;

/**
 * Compute pipelines by key (kernel, op, dtypes, rank): shapes, strides and
 * scalars are parameters, so the number of pipelines stays bounded however
 * many shapes a program uses.
 */
export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: PipelineDevice) {}

  get(key: string, source: () => string): GPUComputePipeline {
    let p = this.pipelines.get(key);
    if (!p) {
      const module = this.device.createShaderModule({ code: source(), label: key });
      p = this.device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" }, label: key });
      this.pipelines.set(key, p);
    }
    return p;
  }

  get size(): number {
    return this.pipelines.size;
  }

  keys(): string[] {
    return [...this.pipelines.keys()];
  }
}
