/**
 * HTML to plain text for e-mail bodies: drop comments, declarations, `<script>`, `<style>` and
 * `<noscript>` elements with their content, and every tag (inline formatting tags such as `<b>`,
 * `<font>`, `<span>`, `<a>` vanish without a gap so `FR<b>EE</b>` stays `FREE`; all other tags become
 * a space); then decode character references (named ones from {@link ENTITIES}, decimal and hex);
 * unknown named references are dropped. Tags revealed by decoding (`&lt;b&gt;`) are stripped too.
 */
export function htmlToText(html: string): string {
  const text = stripTags(
    html
      .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
      .replace(/<(script|style|noscript)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, ' '),
  );
  return stripTags(decodeEntities(text));
}

/** Inline elements whose tags vanish without leaving a word break. */
const INLINE = new Set(['a', 'abbr', 'b', 'big', 'em', 'font', 'i', 'small', 'span', 'strong', 'sub', 'sup', 'u', 's', 'strike', 'tt', 'o:p']);

/** A start or end tag (quoted attribute values may hold `>`), or a declaration / processing instruction. */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)(?:[^>"']|"[^"]*"|'[^']*')*>|<[!?][^>]*>/g;

/**
 * Tags left over by {@link TAG}: malformed ones with an unbalanced quote (`<img src="x" border=0">`),
 * recognised by an HTML element name and stripped up to the next `>`.
 */
const LEFTOVER =
  /<\/?(?:a|abbr|address|area|b|base|basefont|big|blockquote|body|br|button|caption|center|col|colgroup|dd|div|dl|dt|em|embed|font|form|frame|frameset|h[1-6]|head|hr|html|i|iframe|img|input|label|li|link|map|meta|noscript|object|ol|option|p|param|pre|s|script|select|small|span|strike|strong|style|sub|sup|table|tbody|td|textarea|tfoot|th|thead|title|tr|tt|u|ul)\b[^<>]*>/gi;

function stripTags(html: string): string {
  const drop = (name: string | undefined): string => (name !== undefined && INLINE.has(name.toLowerCase()) ? '' : ' ');
  return html.replace(TAG, (_m, _slash: string | undefined, name: string | undefined) => drop(name)).replace(LEFTOVER, ' ');
}

/** Does a `text/plain` body hold HTML markup (spam often mislabels HTML as plain text)? */
export function looksLikeHtml(text: string): boolean {
  return /<\/?(?:html|body|head|table|tr|td|div|font|p|br|a|img|center|span|b|i|u|meta|title|!doctype)\b[^<>]*>/i.test(text);
}

/** Named character references decoded; others are removed. */
const ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', sbquo: '‚',
  bdquo: '„', bull: '•', middot: '·', laquo: '«', raquo: '»', euro: '€', pound: '£', cent: '¢',
  yen: '¥', sect: '§', para: '¶', deg: '°', plusmn: '±', times: '×', divide: '÷', frac12: '½',
  frac14: '¼', frac34: '¾', sup1: '¹', sup2: '²', sup3: '³', iexcl: '¡', iquest: '¿', shy: '',
  ensp: ' ', emsp: ' ', thinsp: ' ', zwnj: '', zwj: '', dagger: '†', Dagger: '‡', permil: '‰',
  agrave: 'à', aacute: 'á', acirc: 'â', atilde: 'ã', auml: 'ä', aring: 'å', aelig: 'æ', ccedil: 'ç',
  egrave: 'è', eacute: 'é', ecirc: 'ê', euml: 'ë', igrave: 'ì', iacute: 'í', icirc: 'î', iuml: 'ï',
  ntilde: 'ñ', ograve: 'ò', oacute: 'ó', ocirc: 'ô', otilde: 'õ', ouml: 'ö', oslash: 'ø', ugrave: 'ù',
  uacute: 'ú', ucirc: 'û', uuml: 'ü', yacute: 'ý', yuml: 'ÿ', szlig: 'ß', Agrave: 'À', Aacute: 'Á',
  Acirc: 'Â', Atilde: 'Ã', Auml: 'Ä', Aring: 'Å', AElig: 'Æ', Ccedil: 'Ç', Egrave: 'È', Eacute: 'É',
  Ecirc: 'Ê', Euml: 'Ë', Igrave: 'Ì', Iacute: 'Í', Icirc: 'Î', Iuml: 'Ï', Ntilde: 'Ñ', Ograve: 'Ò',
  Oacute: 'Ó', Ocirc: 'Ô', Otilde: 'Õ', Ouml: 'Ö', Oslash: 'Ø', Ugrave: 'Ù', Uacute: 'Ú', Ucirc: 'Û',
  Uuml: 'Ü', Yacute: 'Ý',
};

/** Decode character references: named ones from {@link ENTITIES}, decimal and hex; unknown `&name;` are dropped. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) {
      const v = ENTITIES[name] ?? ENTITIES[name.toLowerCase()];
      if (v !== undefined) return v;
      return m.endsWith(';') ? '' : m; // `&foo;` is an unknown reference; a bare `&word` is text
    }
    const cp = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return ' ';
    return String.fromCodePoint(cp);
  });
}
