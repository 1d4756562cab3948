/** HTML-escape text for element content and attribute values. */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A number for display: fixed decimals, NaN as "NaN", −0 as 0. */
export function fmt(x: number, digits = 3): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const s = (Object.is(x, -0) ? 0 : x).toFixed(digits);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** A number as an SVG coordinate (2 decimals). */
export const c = (x: number): string => (Math.round(x * 100) / 100).toString();

/** A stable id fragment from arbitrary text. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}
