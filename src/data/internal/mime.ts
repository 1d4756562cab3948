import { base64Bytes, decodeBytes, decodeEncodedWords, decodeQuotedPrintable } from './charset.js';
import { removeHeaderBlocks } from './headerBlocks.js';
import { decodeEntities, htmlToText, looksLikeHtml } from './html.js';

/** A parsed message or MIME part: unfolded headers (lower-case names) and the raw body. */
export interface MimeEntity {
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/**
 * Split a message (or MIME part) at the first empty line into headers and body (RFC 5322 §2.1).
 * Header lines are unfolded (a line starting with whitespace continues the previous one); lines
 * that are not `Name: value` (such as the mbox `From ` line) are skipped; the first occurrence of a
 * name wins.
 */
export function parseEntity(raw: string): MimeEntity {
  const text = raw.replace(/\r\n?/g, '\n');
  const end = text.startsWith('\n') ? 0 : text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + (end === 0 ? 1 : 2));
  const headers = new Map<string, string>();
  let name = '';
  let value = '';
  const flush = (): void => {
    if (name !== '' && !headers.has(name)) headers.set(name, value.trim());
    name = '';
  };
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line)) {
      if (name !== '') value += ` ${line.trim()}`;
      continue;
    }
    flush();
    const m = /^([!-9;-~]+):(.*)$/.exec(line);
    if (m) {
      name = m[1]!.toLowerCase();
      value = m[2]!;
    }
  }
  flush();
  return { headers, body };
}

/** `type/subtype` (lower case, default `text/plain`) and parameters of a Content-Type value. */
export function parseContentType(value: string | undefined): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  if (value === undefined) return { type: 'text/plain', params };
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const re = /;\s*([^=\s;]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    const key = m[1]!.toLowerCase();
    if (!params.has(key)) params.set(key, m[2] ?? m[3] ?? '');
  }
  return { type: /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type) ? type : 'text/plain', params };
}

/** Decoded subject line (RFC 2047 encoded words decoded), or `''`. */
export function subjectOf(entity: MimeEntity): string {
  return decodeEncodedWords(entity.headers.get('subject') ?? '');
}

const MAX_DEPTH = 8;

/**
 * The readable text of a message body: `text/plain` and `text/html` parts after transfer decoding
 * (quoted-printable, base64) and charset decoding, HTML turned into text. `multipart/alternative`
 * keeps the alternative with the most text (non-whitespace characters; the first on a tie); other multiparts keep
 * every text part in order; `message/rfc822` parts contribute their body; everything else
 * (images, attachments of other types, signatures) is dropped.
 */
export function bodyText(entity: MimeEntity, depth = 0): string {
  const declared = entity.headers.get('content-type');
  const { type, params } = declared === undefined ? inferContentType(entity.body) : parseContentType(declared);
  if (type.startsWith('multipart/') && depth < MAX_DEPTH) {
    const boundary = params.get('boundary');
    if (boundary !== undefined && boundary !== '') {
      const parts = splitMultipart(entity.body, boundary).map(parseEntity);
      if (parts.length === 0) return decodeLeaf(entity, 'text/plain', params); // boundary never used: read as text
      if (type === 'multipart/alternative') {
        // the richest alternative: spam often pairs HTML with a stub such as "This is an HTML message"
        let best = '';
        for (const part of parts) {
          const text = bodyText(part, depth + 1);
          if (visibleLength(text) > visibleLength(best)) best = text;
        }
        return best;
      }
      return parts.map((p) => bodyText(p, depth + 1)).join('\n');
    }
    return decodeLeaf(entity, 'text/plain', params);
  }
  if (type === 'message/rfc822' && depth < MAX_DEPTH) return bodyText(parseEntity(entity.body), depth + 1);
  if (TEXT_TYPES.has(type)) return decodeLeaf(entity, type, params);
  return '';
}

/** Length of `text` without whitespace. */
function visibleLength(text: string): number {
  return text.replace(/\s+/g, '').length;
}

/** Leaf types whose content is read; other `text/*` types (`text/rfc822-headers`, vCards, …) are dropped. */
const TEXT_TYPES: ReadonlySet<string> = new Set(['text/plain', 'text/html', 'text/enriched', 'text/richtext']);

/**
 * Content type of an entity without a `Content-Type` header: `text/plain`, unless the body is
 * visibly multipart (a `--boundary` line directly followed by a `Content-*` line), as in spam whose
 * top-level MIME header was lost; then `multipart/mixed` with that boundary.
 */
function inferContentType(body: string): { type: string; params: Map<string, string> } {
  const m = /^--([^\s]+?)[ \t]*\r?\n[Cc]ontent-[A-Za-z-]+:/m.exec(body);
  if (m === null) return parseContentType(undefined);
  return { type: 'multipart/mixed', params: new Map([['boundary', m[1]!]]) };
}

function decodeLeaf(entity: MimeEntity, type: string, params: Map<string, string>): string {
  const encoding = (entity.headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  const charset = params.get('charset') ?? '';
  let text = entity.body;
  if (encoding.startsWith('quoted-printable')) text = decodeQuotedPrintable(text, charset);
  else if (encoding.startsWith('base64')) text = decodeBytes(base64Bytes(text), charset);
  text = text.replace(/\r\n?/g, '\n');
  // text/html, and text/enriched and text/richtext (whose <bold>-style markup strips the same way)
  text = type !== 'text/plain' || looksLikeHtml(text) ? htmlToText(text) : decodeEntities(text);
  return removeHeaderBlocks(text);
}

/** The parts of a multipart body: the text between `--boundary` lines, up to `--boundary--`. */
function splitMultipart(body: string, boundary: string): string[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const open = `--${boundary}`;
  const close = `--${boundary}--`;
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === close) break;
    if (trimmed === open) {
      if (current !== null) parts.push(current.join('\n'));
      current = [];
    } else if (current !== null) current.push(line);
  }
  if (current !== null) parts.push(current.join('\n'));
  return parts;
}
