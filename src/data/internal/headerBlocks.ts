/** Leading indentation and quote marks (`>`, `|`, `)`) of a line. */
const QUOTE = /^[ \t]*(?:[>|)][ \t]*)*/;
/** `Name: value` header-field line (after the quoting). */
const FIELD = /^([A-Za-z][A-Za-z0-9-]*):(?:[ \t]|$)/;
/** Fields that only mail transport writes; a block holding one is a header dump, not prose. */
const TRANSPORT =
  /^(?:received|return-path|message-id|delivered-to|x-[a-z0-9-]+|mime-version|content-type|content-transfer-encoding|content-disposition|in-reply-to|list-[a-z-]+|errors-to|envelope-to|resent-[a-z-]+|thread-index)$/i;

interface Line {
  /** Quote marks without whitespace (`''`, `'>'`, `'>>'`, …). */
  readonly marks: string;
  /** Width of the indentation and quoting. */
  readonly indent: number;
  /** The field name, if the line is a `Name: value` field. */
  readonly field: string | undefined;
  /** Whether anything follows the quoting. */
  readonly blank: boolean;
}

function scan(line: string): Line {
  const prefix = QUOTE.exec(line)![0];
  const rest = line.slice(prefix.length);
  return {
    marks: prefix.replace(/[ \t]/g, ''),
    indent: prefix.replace(/\t/g, '        ').length,
    field: FIELD.exec(rest)?.[1],
    blank: rest.trim() === '',
  };
}

/**
 * Remove header blocks embedded in a body (forwarded, quoted or bounced messages). A block is a run
 * of consecutive `Name: value` lines at one quoting (`>`, `|`, `)` marks, any indentation), with their
 * folded continuation lines (indented deeper than the block's first field). A block is removed when
 * it holds a transport field — `Received`, `Message-ID`, `Return-Path`, `Delivered-To`, `In-Reply-To`,
 * `MIME-Version`, `Content-Type`/`-Transfer-Encoding`/`-Disposition`, `List-*`, `X-*`, … — which
 * people do not write. A human-written block such as `From: … / Sent: … / To: … / Subject: …` is kept.
 */
export function removeHeaderBlocks(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = scan(lines[i]!);
    if (first.field === undefined) {
      out.push(lines[i]!);
      i++;
      continue;
    }
    let transport = false;
    let j = i;
    for (; j < lines.length; j++) {
      const line = scan(lines[j]!);
      if (line.marks !== first.marks || line.blank) break;
      if (line.field !== undefined && line.indent === first.indent) {
        if (TRANSPORT.test(line.field)) transport = true;
      } else if (line.indent <= first.indent) break; // neither a field nor a folded continuation
    }
    if (!transport) for (let k = i; k < j; k++) out.push(lines[k]!);
    i = j;
  }
  return out.join('\n');
}
