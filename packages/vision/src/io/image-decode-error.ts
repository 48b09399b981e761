/** Image data that cannot be decoded: not PNG or JPEG, corrupt, truncated or unsupported. */
export class ImageDecodeError extends Error {
  override name = "ImageDecodeError";
}
