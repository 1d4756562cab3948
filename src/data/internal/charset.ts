/**
 * Byte-level decoders for e-mail bodies: base64, quoted-printable and RFC 2047 encoded words, with
 * the bytes turned into text by the WHATWG `TextDecoder` for the declared charset (Node and browsers
 * implement the same Encoding Standard). An unknown or missing charset decodes as windows-1252, the
 * Encoding Standard's reading of `us-ascii` and `iso-8859-1`; invalid sequences become U+FFFD.
 */

/** windows-1252 code points of bytes 0x80–0x9F (undefined bytes map to the C1 control of the same value). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Decode `bytes` in `charset` (a MIME charset label); windows-1252 when unknown or empty.
 * windows-1252 (which the Encoding Standard also uses for `us-ascii`, `iso-8859-1` and `latin1`) is
 * decoded here rather than by `TextDecoder`, because Node's decoder reads it as ISO-8859-1 while
 * browsers follow the standard; this way every platform gives the same text.
 */
export function decodeBytes(bytes: Uint8Array, charset: string): string {
  let decoder;
  try {
    decoder = new TextDecoder(charset.trim().toLowerCase() || 'windows-1252');
  } catch {
    decoder = undefined;
  }
  if (decoder !== undefined && decoder.encoding !== 'windows-1252') return decoder.decode(bytes);
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    const chunk = Array.from(bytes.subarray(i, i + 4096), (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b));
    out += String.fromCharCode(...chunk);
  }
  return out;
}

const B64 = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;

/** Base64 to bytes, skipping characters outside the alphabet (line breaks, padding, junk). */
export function base64Bytes(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61) break; // '=' padding ends the data
    const v = c < 128 ? B64[c]! : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

/** Runs of `=XX` escapes (one or more). */
const QP_RUN = /(?:=[0-9A-Fa-f]{2})+/g;

/**
 * Decode a quoted-printable body (RFC 2045 §6.7): soft line breaks (`=` at the end of a line) are
 * removed, and each run of `=XX` escapes is decoded as bytes in `charset`. Other characters are
 * kept as they are (the corpus stores the raw message as text already).
 */
export function decodeQuotedPrintable(text: string, charset: string): string {
  return text.replace(/=[ \t]*\r?\n/g, '').replace(QP_RUN, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(run.slice(3 * k + 1, 3 * k + 3), 16);
    return decodeBytes(bytes, charset);
  });
}

const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;

/**
 * Decode RFC 2047 encoded words in a header value (`=?utf-8?Q?caf=C3=A9?=`, `=?iso-8859-1?B?…?=`);
 * whitespace between two adjacent encoded words is dropped, as the RFC says.
 */
export function decodeEncodedWords(value: string): string {
  return value.replace(/(\?=)\s+(?==\?)/g, '$1').replace(ENCODED_WORD, (_m, charset: string, enc: string, data: string) => {
    const label = charset.split('*')[0]!;
    if (enc === 'B' || enc === 'b') return decodeBytes(base64Bytes(data), label);
    const bytes: number[] = [];
    for (let i = 0; i < data.length; i++) {
      const ch = data[i]!;
      if (ch === '_') bytes.push(0x20);
      else if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(data.slice(i + 1, i + 3))) {
        bytes.push(parseInt(data.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(data.charCodeAt(i) & 0xff);
    }
    return decodeBytes(Uint8Array.from(bytes), label);
  });
}
