import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/runCli.js';
import type { CliIo } from '../../src/cli/internal/io.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NPY = 'tests/fixtures/python/npy/files';

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the CLI in this process with captured, non-TTY streams and cwd = the repository root. */
export async function cli(argv: readonly string[], options: { cwd?: string; env?: Record<string, string>; tty?: boolean } = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.tty ?? false, columns: 100 },
    cwd: options.cwd ?? ROOT,
    env: options.env ?? {},
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
