#!/usr/bin/env node
/**
 * The `faithcheck` command (package.json "bin"; Node only). Nothing in the library imports this file.
 * See docs/cli.md.
 */
import { runCli } from './runCli.js';

// `faithcheck flow x.npy | head`: a closed pipe ends the command quietly instead of with a stack trace
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`faithcheck: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
