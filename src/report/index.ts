/**
 * `faithcheck/report` — the HTML verification report: {@link renderReport} turns a {@link ReportData}
 * (plain JSON) into one self-contained HTML page (inline SVG, CSS and a little JS; no network), and
 * {@link verifyReportData} builds one from a `verifyDataset` result. Pure and framework-free; `faithcheck report results.json` and `faithcheck demo` write it to disk. See docs/report.md.
 *
 * @packageDocumentation
 */
export { renderReport } from './renderReport.js';
export { verifyReportData } from './verifyReportData.js';
export type { VerifyReportDataOptions } from './verifyReportData.js';
export type {
  ReportAdversarial,
  ReportAdversarialPoint,
  ReportAttentionLayer,
  ReportCurve,
  ReportData,
  ReportExample,
  ReportLevel,
  ReportModel,
  ReportNumber,
  ReportSummary,
  ReportTable,
  ReportTauDistribution,
  ReportVerdict,
} from './types.js';
