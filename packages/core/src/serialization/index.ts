/** `torch.save` / `torch.load`. */
export {};
