import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderReport } from '../../report/renderReport.js';
import type { ReportData } from '../../report/types.js';
import { verifyReportData } from '../../report/verifyReportData.js';
import type { VerifyDatasetResult } from '../../verify/types.js';
import { parse, str } from '../internal/args.js';
import { CliError, usageError } from '../internal/CliError.js';
import type { CliIo } from '../internal/io.js';
import { displayName } from '../internal/readAttentionFile.js';

export const REPORT_HELP = `Usage: faithcheck report <results.json> [options]

Render the HTML report (one self-contained file: no network, no CDN) from saved results: the
results.json that faithcheck demo and faithcheck verify --json write (a ReportData object, see
docs/report.md), a verifyDataset result saved as JSON (JSON.stringify(await verifyDataset(…))), or a
benchmark result (faithcheck benchmark --json, or JSON.stringify(await benchmarkExplanations(…))).

Options:
  --out <dir>      directory to write index.html into (default: faithcheck-report)
  -h, --help       this help

Example:
  faithcheck report faithcheck-report/results.json --out my-report
`;

/** Read the ReportData from a results file: the object itself, its `report` field, a verifyDataset result or a benchmark result. */
export function reportDataOf(name: string, value: unknown): ReportData {
  if (value !== null && typeof value === 'object' && (value as { format?: unknown }).format === 'faithcheck-verify-dataset') {
    try {
      return verifyReportData(value as VerifyDatasetResult, { title: `faithcheck report: ${name}` });
    } catch (error) {
      throw new CliError(`${name}: not a valid verifyDataset result (${(error as Error).message.replace(/^verifyReportData: /, '')})`);
    }
  }
  // a benchmarkExplanations result (faithcheck benchmark --json)
  if (value !== null && typeof value === 'object' && Array.isArray((value as { rows?: unknown }).rows) && Array.isArray((value as { metrics?: unknown }).metrics) && Array.isArray((value as { comparisons?: unknown }).comparisons)) {
    return { title: `faithcheck report: ${name}`, models: [], benchmarks: [value as NonNullable<ReportData['benchmarks']>[number]] };
  }
  const v = value !== null && typeof value === 'object' && 'report' in value ? (value as { report: unknown }).report : value;
  if (v === null || typeof v !== 'object' || typeof (v as ReportData).title !== 'string' || !Array.isArray((v as ReportData).models)) {
    throw new CliError(`${name}: not a faithcheck results file (expected a ReportData object with "title" and "models", {"report": …}, a verifyDataset result or a benchmark result)`);
  }
  return v as ReportData;
}

/** Write `<dir>/index.html`; returns its path as shown to the user. */
export async function writeReport(io: CliIo, dir: string, data: ReportData): Promise<string> {
  const html = renderReport(data);
  const abs = resolve(io.cwd, dir);
  await mkdir(abs, { recursive: true });
  const file = join(abs, 'index.html');
  await writeFile(file, html);
  return displayName(io.cwd, file);
}

/** `faithcheck report`. */
export async function runReport(io: CliIo, argv: readonly string[]): Promise<number> {
  const p = parse('report', argv, { out: { type: 'string' } }, 1);
  if (p === null) {
    io.stdout.write(REPORT_HELP);
    return 0;
  }
  const file = p.positionals[0];
  if (file === undefined) throw usageError('missing the results file (see faithcheck report --help)');
  const name = displayName(io.cwd, file);
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${name}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  const data = reportDataOf(name, value);
  let path: string;
  try {
    path = await writeReport(io, str(p, 'out') ?? 'faithcheck-report', data);
  } catch (error) {
    if (error instanceof Error && /^renderReport: /.test(error.message)) throw new CliError(`${name}: ${error.message.replace(/^renderReport: /, '')}`);
    throw error;
  }
  io.stdout.write(`report: ${path}\n`);
  return 0;
}
