/**
 * faithcheck demo (`npm run demo`, or `faithcheck demo` from the installed package): verifies the
 * explanations of the two shipped SpamAssassin classifiers on held-out e-mails, prints one table per model
 * and level, runs the planted-token check, and writes faithcheck-report/index.html plus results.json.
 *
 * Options (`npm run demo -- --examples 6 --seed 1`): see `faithcheck demo --help` or docs/cli.md.
 * The code is src/cli/commands/demo.ts.
 */
import { runCli } from '../src/cli/runCli.js';

process.exitCode = await runCli(['demo', ...process.argv.slice(2)]);
