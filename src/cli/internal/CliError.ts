/**
 * An error the CLI reports as one line (`faithcheck <command>: <message>`), without a stack trace.
 * `exitCode` 2 is a usage error (bad flags or arguments), 1 a problem with an input file or the run.
 */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A usage error (exit code 2). */
export function usageError(message: string): CliError {
  return new CliError(message, 2);
}
