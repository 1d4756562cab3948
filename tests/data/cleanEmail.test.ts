import { describe, expect, it } from 'vitest';
import { InputTypeError } from '../../src/errors/index.js';
import { cleanEmail } from '../../src/data/index.js';

const HEAD = [
  'From someone@example.com  Tue Aug  6 11:51:02 2002',
  'Return-Path: <someone@example.com>',
  'Received: from mail.example.com (mail [10.0.0.1])',
  '\tby mx.example.org (Postfix) with ESMTP id 9E1F5441DD',
  'Message-ID: <123@example.com>',
  'From: "Some One" <someone@example.com>',
].join('\n');

describe('cleanEmail', () => {
  it('drops the header block but keeps the subject', () => {
    const c = cleanEmail(`${HEAD}\nSubject: Hello   there\n\nBody line one.\nBody line two.\n`);
    expect(c).toEqual({ subject: 'Hello there', body: 'Body line one. Body line two.', text: 'Hello there Body line one. Body line two.' });
  });

  it('unfolds a folded subject and decodes RFC 2047 encoded words', () => {
    const c = cleanEmail('Subject: =?utf-8?Q?Caf=C3=A9_au?=\n =?iso-8859-1?B?bGFpdA==?= today\n\nx');
    expect(c.subject).toBe('Café aulait today');
  });

  it('decodes quoted-printable in the declared charset (iso-8859-1 read as windows-1252, as the Encoding Standard says)', () => {
    const c = cleanEmail('Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9 cr=\n=E8me =3D 5 =80 =93ok=94');
    expect(c.body).toBe('Café crème = 5 € “ok”');
    const u = cleanEmail('Content-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: quoted-printable\n\n=E2=82=AC 5');
    expect(u.body).toBe('€ 5');
  });

  it('decodes base64 text parts', () => {
    const body = Buffer.from('Grüße aus Köln', 'utf8').toString('base64');
    const c = cleanEmail(`Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n${body.slice(0, 8)}\n${body.slice(8)}\n`);
    expect(c.body).toBe('Grüße aus Köln');
  });

  it('strips HTML: tags, comments, script and style with their content, entities', () => {
    const html = [
      'Content-Type: text/html',
      '',
      '<html><head><style>p { color: red }</style><script>var x = "<b>";</script></head>',
      '<body><!-- hidden --><p>Cheap&nbsp;<b>V</b>ia<font color="red">gra</font>!</p><br>',
      '<a href="http://x.y/?a=1&amp;b=2">Click&#32;here</a> &copy; 2002 &#x263A; &bogus; <img src="x" border=0">done</body></html>',
    ].join('\n');
    expect(cleanEmail(html).body).toBe('Cheap Viagra! Click here © 2002 ☺ done');
  });

  it('treats a text/plain body with HTML markup as HTML', () => {
    expect(cleanEmail('Subject: s\n\n<html><body><p>Hi <b>there</b></p></body></html>').body).toBe('Hi there');
  });

  it('walks multipart messages: the richest alternative, every mixed text part, no attachments or signatures', () => {
    const msg = [
      'Content-Type: multipart/mixed; boundary="OUTER"',
      '',
      'This is a multi-part message in MIME format.',
      '--OUTER',
      'Content-Type: multipart/alternative; boundary=INNER',
      '',
      '--INNER',
      'Content-Type: text/plain',
      '',
      'This is an HTML message.',
      '--INNER',
      'Content-Type: text/html; charset=us-ascii',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<p>Buy <b>now</b> and save 50% on every=',
      'thing!</p>',
      '--INNER--',
      '--OUTER',
      'Content-Type: image/gif; name="x.gif"',
      'Content-Transfer-Encoding: base64',
      '',
      'R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=',
      '--OUTER',
      'Content-Type: text/plain',
      '',
      'Second text part.',
      '--OUTER',
      'Content-Type: application/pgp-signature',
      '',
      '-----BEGIN PGP SIGNATURE-----',
      'iD8DBQE9',
      '-----END PGP SIGNATURE-----',
      '--OUTER--',
      'epilogue',
    ].join('\n');
    expect(cleanEmail(msg).body).toBe('Buy now and save 50% on everything! Second text part.');
  });

  it('infers a lost multipart header from the boundary lines', () => {
    const msg = ['Subject: s', '', 'This is a MIME Message', '', '------=_Part_1', 'Content-Type: text/plain', '', 'Inner text', '------=_Part_1--'].join('\n');
    expect(cleanEmail(msg).body).toBe('Inner text');
  });

  it('removes embedded transport-header blocks but keeps human-written ones', () => {
    const msg = [
      'Subject: fwd',
      '',
      'See below:',
      '> Return-Path: <a@b.c>',
      '> Received: from x (x [1.2.3.4])',
      '> \tby y with SMTP',
      '> From: Someone <a@b.c>',
      '> Message-ID: <1@b.c>',
      '>',
      '> quoted prose',
      '-----Original Message-----',
      'From: Jane',
      'Sent: Monday',
      'Subject: lunch',
      '',
      'Thanks',
    ].join('\n');
    expect(cleanEmail(msg).body).toBe('See below: > > quoted prose -----Original Message----- From: Jane Sent: Monday Subject: lunch Thanks');
  });

  it('removes inline PGP signatures, zero-width and control characters, and collapses whitespace', () => {
    const msg = 'Subject:  a\tb \n\nHello\u200b\u0007world\r\n\r\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n  end ';
    expect(cleanEmail(msg)).toEqual({ subject: 'a b', body: 'Hello world end', text: 'a b Hello world end' });
  });

  it('handles a message without a body or a subject', () => {
    expect(cleanEmail('Subject: only')).toEqual({ subject: 'only', body: '', text: 'only' });
    expect(cleanEmail('\nbody only')).toEqual({ subject: '', body: 'body only', text: 'body only' });
    expect(cleanEmail('')).toEqual({ subject: '', body: '', text: '' });
  });

  it('rejects a non-string', () => {
    expect(() => cleanEmail(3 as never)).toThrow(InputTypeError);
  });
});
