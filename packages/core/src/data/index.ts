/** `torch.utils.data`: Dataset, DataLoader, samplers. */
export {};
