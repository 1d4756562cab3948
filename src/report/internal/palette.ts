/**
 * Colour-blind-safe colours. Categorical: Okabe & Ito (2008), "Color Universal Design". Sequential:
 * viridis (van der Walt & Smith, matplotlib), 9 stops interpolated linearly in sRGB.
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** Dash patterns paired with the categorical colours, so lines are told apart without colour. */
export const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 4', '3 6'] as const;

/** Verdict colours, with a symbol so the verdict is readable without colour. */
export const VERDICT_STYLE = {
  supported: { color: '#009E73', symbol: '✓' },
  inconclusive: { color: '#E69F00', symbol: '?' },
  contradicted: { color: '#D55E00', symbol: '✗' },
  skipped: { color: '#999999', symbol: '–' },
} as const;

const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
] as const;

/** Viridis at t ∈ [0, 1] as `rgb(r, g, b)`, and whether dark text is readable on it. */
export function viridis(t: number): { color: string; darkText: boolean } {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  const rgb = [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f));
  const lum = 0.2126 * rgb[0]! + 0.7152 * rgb[1]! + 0.0722 * rgb[2]!;
  return { color: `rgb(${rgb.join(', ')})`, darkText: lum > 140 };
}

/** The token highlight: low scores stay nearly white (so text reads), high scores take viridis from the top. */
export function tokenColor(t: number): { background: string; color: string } {
  if (!(t > 0.02)) return { background: 'transparent', color: 'inherit' };
  // reversed viridis: small → yellow, large → purple
  const v = viridis(1 - t);
  return { background: v.color, color: v.darkText ? '#111' : '#fff' };
}

/** Colour of the i-th category. */
export const category = (i: number): string => OKABE_ITO[i % OKABE_ITO.length]!;
/** Dash pattern of the i-th category. */
export const dash = (i: number): string => DASHES[i % DASHES.length]!;
