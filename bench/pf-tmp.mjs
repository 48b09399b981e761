const { loadBackend } = await import("/work/main/bench/lib/backend.mjs");
const torch = await loadBackend();
const cn = await import("@taimatsu/cpu-native");
const fused = cn.cpuNativeBackend.fused;
const [C, S] = JSON.parse(process.argv[2] ?? "[16,32]");
const x = torch.randn([64, C, S, S]), w = torch.randn([C, C, 3, 3]);
const attrs = { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 };
for (let i = 0; i < 100; i++) torch.scope(() => { fused.conv2d(x, w, null, attrs); });
