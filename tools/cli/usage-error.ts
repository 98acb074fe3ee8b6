/** A command given wrongly (a missing or invalid option, credentials half given): exit 2, as commander's own usage errors. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command ran and the answer is "no" (a refused request, a broken chain): exit with this code, message on stderr. */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
