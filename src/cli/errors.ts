/** A failure the user can fix (bad flag, missing file): printed as one line, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
