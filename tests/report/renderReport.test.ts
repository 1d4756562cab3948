import { describe, expect, it } from 'vitest';
import { InputTypeError } from '../../src/errors/index.js';
import { renderReport } from '../../src/report/index.js';
import { SAMPLE } from './sampleData.js';

describe('renderReport(data)', () => {
  const html = renderReport(SAMPLE);

  it('is one self-contained document: no external URL, script, stylesheet or font', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/\b(src|href)=["'](https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).not.toMatch(/<link\b/);
    // the only URL is the SVG namespace used by the script
    expect(html.match(/https?:\/\/[^\s"'<>]+/g)?.filter((u) => u !== 'http://www.w3.org/2000/svg') ?? []).toEqual([]);
  });

  it('is deterministic and escapes text', () => {
    expect(renderReport(SAMPLE)).toBe(html);
    expect(html).toContain('<title>faithcheck report &lt;test&gt;</title>');
    expect(html).toContain('&lt;now&gt;');
    expect(html).not.toContain('<now>');
  });

  it('has a section per model, an article per example, a token row per method and example', () => {
    expect(html.match(/<section class="model"/g)).toHaveLength(2);
    expect(html.match(/<article class="example"/g)).toHaveLength(6);
    expect(html.match(/<div class="tokrow"/g)).toHaveLength(6 * 6);
    expect(html.match(/<details class="heads"/g)).toHaveLength(4);
    expect(html.match(/<figure class="chart tau"/g)).toHaveLength(6);
    expect(html.match(/<figure class="chart scatter"/g)).toHaveLength(1);
  });

  it('the heads JSON block cannot close its script element early', () => {
    const withScript = structuredClone(SAMPLE) as typeof SAMPLE & { models: { examples: { tokens: string[] }[] }[] };
    withScript.models[0]!.examples[0]!.tokens[1] = '</script><script>alert(1)</script>';
    const out = renderReport(withScript);
    expect(out.match(/<\/script>/g)).toHaveLength(2);
  });

  it('rejects malformed data', () => {
    expect(() => renderReport(null as never)).toThrow(InputTypeError);
    expect(() => renderReport({ models: [] } as never)).toThrow(InputTypeError);
    const bad = structuredClone(SAMPLE) as unknown as { models: { examples: { scores: Record<string, number[]> }[] }[] };
    bad.models[0]!.examples[0]!.scores['flow'] = [1, 2];
    expect(() => renderReport(bad as never)).toThrow(/one score per token/);
  });
});

describe('renderReport(data) with benchmarks', () => {
  const benchmark = {
    title: 'Methods on <toy>',
    metrics: ['tauLoo', 'deletionAuc'],
    rows: [
      { method: 'leaveOneOut', metrics: { tauLoo: { n: 3, mean: 1, std: 0, lower: 1, upper: 1, direction: 'higher' as const }, deletionAuc: { n: 3, mean: 0.2, std: 0, lower: 0.1, upper: 0.3, direction: 'lower' as const } } },
      { method: 'random', metrics: { tauLoo: { n: 3, mean: 0.1, std: 0, lower: -0.2, upper: 0.4, direction: 'higher' as const }, deletionAuc: { n: 3, mean: 0.6, std: 0, lower: 0.5, upper: 0.7, direction: 'lower' as const } } },
    ],
    comparisons: [
      { metric: 'tauLoo', a: 'leaveOneOut', b: 'random', n: 3, meanDifference: 0.9, lower: 0.6, upper: 1.2, pValue: 0.25, better: null },
      { metric: 'deletionAuc', a: 'leaveOneOut', b: 'random', n: 3, meanDifference: -0.4, lower: -0.5, upper: -0.3, pValue: 0.01, better: 'leaveOneOut' },
    ],
    config: { size: 3, confidence: 0.95 },
  };

  it('renders a table per benchmark: a row per method, the best mean per column in bold, decided comparisons listed', () => {
    const html = renderReport({ title: 'b', models: [], benchmarks: [benchmark] });
    expect(html).toContain('<h2 id="benchmark-0-h">Methods on &lt;toy&gt;</h2>');
    expect(html.match(/<tr><th scope="row">/g)).toHaveLength(2);
    // higher-is-better τ: leaveOneOut's 1.000 is best; lower-is-better deletion AUC: leaveOneOut's 0.200
    expect(html).toContain('<strong>1.000 [1.000, 1.000]</strong>');
    expect(html).toContain('<strong>0.200 [0.100, 0.300]</strong>');
    expect(html).not.toContain('<strong>0.600');
    expect(html).toContain('1 pairwise comparisons decided at the 95 % level');
    expect(html).toMatch(/deletionAuc: <strong>leaveOneOut<\/strong> beats random/);
  });

  it('rejects a malformed benchmark', () => {
    expect(() => renderReport({ title: 'b', models: [], benchmarks: [{}] as never })).toThrow(InputTypeError);
    expect(() => renderReport({ title: 'b', models: [], benchmarks: 3 as never })).toThrow(InputTypeError);
  });
});
