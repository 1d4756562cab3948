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
