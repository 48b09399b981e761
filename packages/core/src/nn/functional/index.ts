/** `torch.nn.functional`. */
export {};
