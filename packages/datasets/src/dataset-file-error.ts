/** A dataset file that is truncated, corrupt or not in the expected format; `path` names it. */
export class DatasetFileError extends Error {
  override name = "DatasetFileError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}
