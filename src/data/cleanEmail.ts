import { InputTypeError } from '../errors/index.js';
import { bodyText, parseEntity, subjectOf } from './internal/mime.js';

/** A cleaned e-mail: `text` is `subject` and `body` joined by one space (either may be empty). */
export interface CleanedEmail {
  readonly subject: string;
  readonly body: string;
  readonly text: string;
}

/**
 * Reduce a raw RFC 5322 / MIME e-mail (headers included) to its readable text — the cleaning
 * {@link loadSpamAssassin} applies, exported so new mail can be cleaned the same way at inference
 * time.
 *
 * Rules, in order:
 * 1. **Headers.** The message is split at the first empty line; the header block is dropped except
 *    `Subject`, whose RFC 2047 encoded words (`=?utf-8?Q?…?=`, `=?…?B?…?=`) are decoded.
 * 2. **MIME.** `multipart/*` bodies are split at their boundary and walked recursively:
 *    `multipart/alternative` keeps the alternative with the most text (non-whitespace characters,
 *    after steps 3–4; the first on a tie), since spam often pairs HTML with a plain-text stub;
 *    other multiparts keep every text part in order; `message/rfc822` parts contribute their body;
 *    non-text parts (images, binary attachments, PGP signatures) are dropped. A message without a
 *    `Content-Type` is `text/plain`.
 * 3. **Transfer and charset decoding.** `quoted-printable` (soft breaks removed, `=XX` runs decoded)
 *    and `base64` parts are decoded to bytes and read in the part's `charset` with the WHATWG
 *    `TextDecoder` (windows-1252 when missing or unknown).
 * 4. **HTML.** `text/html` (and `text/enriched`, `text/richtext`) parts, and `text/plain` parts that
 *    contain HTML tags, lose comments,
 *    `<script>`/`<style>`/`<noscript>` elements with their content, and all tags (inline formatting
 *    tags without a gap, others leave a space); character references are decoded (named, decimal,
 *    hex; unknown named ones dropped).
 * 5. **PGP** `-----BEGIN PGP SIGNATURE----- … -----END PGP SIGNATURE-----` blocks are removed.
 * 6. **Whitespace.** Zero-width characters are removed, control characters become spaces, and every
 *    run of whitespace becomes one space; the ends are trimmed.
 *
 * Complexity: O(message length).
 *
 * @param raw - the full message text, headers included.
 * @returns `{ subject, body, text }`, each cleaned.
 * @throws InputTypeError if `raw` is not a string.
 * @example
 * cleanEmail('From: a@b.c\nSubject: =?utf-8?Q?Caf=C3=A9?= deals\nContent-Type: text/html\n\n<p>Cheap&nbsp;<b>V</b>ia<b>gra</b>!</p>');
 * // => { subject: 'Café deals', body: 'Cheap Viagra!', text: 'Café deals Cheap Viagra!' }
 */
export function cleanEmail(raw: string): CleanedEmail {
  if (typeof raw !== 'string') throw new InputTypeError('cleanEmail', 'raw must be a string', raw);
  const entity = parseEntity(raw);
  const subject = tidy(subjectOf(entity));
  const body = tidy(bodyText(entity).replace(/-----BEGIN PGP SIGNATURE-----[\s\S]*?(?:-----END PGP SIGNATURE-----|$)/g, ' '));
  return { subject, body, text: subject === '' ? body : body === '' ? subject : `${subject} ${body}` };
}

function tidy(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
