/**
 * `faithcheck/report` — the HTML verification report: {@link renderReport} turns a {@link ReportData}
 * (plain JSON) into one self-contained HTML page (inline SVG, CSS and a little JS; no network). Pure and
 * framework-free; `faithcheck report results.json` and `faithcheck demo` write it to disk. See docs/report.md.
 *
 * @packageDocumentation
 */
export { renderReport } from './renderReport.js';
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
