/** A failure the CLI reports as `Error: <message>` on stderr with exit code 1 (upstream's habit). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Ends the CLI with an exit code and no `Error:` line (the command already said why). */
export class SilentExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'SilentExit';
  }
}
