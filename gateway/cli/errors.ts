/** A failure the CLI reports in one line and exits 1 on. */
export class CliError extends Error {
  override readonly name = 'CliError'
}

/** Bad flags or values: reported with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
