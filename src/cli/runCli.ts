import { FLOW_HELP, ROLLOUT_HELP, runFlow, runRollout } from './commands/attention.js';
import { DEMO_HELP, runDemo } from './commands/demo.js';
import { REPORT_HELP, runReport } from './commands/report.js';
import { runVerify, VERIFY_HELP } from './commands/verify.js';
import { CliError } from './internal/CliError.js';
import { processIo, type CliIo } from './internal/io.js';
import { packageInfo } from './internal/packageInfo.js';

export const MAIN_HELP = `Usage: faithcheck <command> [options]

Is this attention explanation real? Commands:
  demo                       verify the shipped spam classifiers on held-out e-mails; writes an HTML report
  verify                     verify one model's explanation of a text (--model, --text | --file)
  rollout <attention>        attention rollout of an attention stack saved as .npy or .json
  flow <attention>           exact attention flow of an attention stack saved as .npy or .json
  report <results.json>      render an HTML report from saved results

Options:
  -h, --help                 help (also after a command: faithcheck flow --help)
  -v, --version              the faithcheck version

Docs: docs/cli.md (commands), docs/report.md (the report).
`;

type Command = (io: CliIo, argv: readonly string[]) => Promise<number>;

/** The commands, loaded on demand (verify and demo load TensorFlow.js; rollout and flow never do). */
const COMMANDS: Record<string, { run: () => Promise<Command>; help: string }> = {
  demo: { run: async () => runDemo, help: DEMO_HELP },
  rollout: { run: async () => runRollout, help: ROLLOUT_HELP },
  flow: { run: async () => runFlow, help: FLOW_HELP },
  report: { run: async () => runReport, help: REPORT_HELP },
  verify: { run: async () => runVerify, help: VERIFY_HELP },
};

/**
 * Run the faithcheck command line with `argv` (the arguments after `faithcheck`). Returns the exit code:
 * 0 success, 1 a problem with an input or the run, 2 a usage error. Errors are reported as one line on
 * stderr (`faithcheck <command>: <problem>`), never with a stack trace (FAITHCHECK_DEBUG=1 prints it).
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'help' && rest[0] !== undefined && COMMANDS[rest[0]] !== undefined) {
    io.stdout.write(COMMANDS[rest[0]]!.help);
    return 0;
  }
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout.write(MAIN_HELP);
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${packageInfo().version}\n`);
    return 0;
  }
  const command = COMMANDS[first];
  if (command === undefined) {
    io.stderr.write(`faithcheck: unknown command '${first}' (commands: ${Object.keys(COMMANDS).join(', ')}; see faithcheck --help)\n`);
    return 2;
  }
  try {
    return await (await command.run())(io, rest);
  } catch (error) {
    if (io.env['FAITHCHECK_DEBUG'] === '1') io.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    if (error instanceof CliError) {
      io.stderr.write(`faithcheck ${first}: ${error.message.split('\n')[0]}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
    io.stderr.write(`faithcheck ${first}: ${message.split('\n')[0]} (FAITHCHECK_DEBUG=1 shows the stack trace)\n`);
    return 1;
  }
}
