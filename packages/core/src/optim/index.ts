/** `torch.optim`: optimizers and lr_scheduler. */
export {};
