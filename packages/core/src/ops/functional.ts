/** Top-level functional forms (`torch.add`, `torch.cat`, ...). */
export {};
