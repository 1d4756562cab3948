import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This module's URL: import.meta.url (ESM, sources) or __filename (CJS build). */
function moduleUrl(): string {
  const here: string | undefined = import.meta.url;
  if (typeof here === 'string' && here !== '') return here;
  return `file://${__filename.startsWith('/') ? '' : '/'}${__filename.replace(/\\/g, '/')}`;
}

let cached: { root: string; version: string } | undefined;

/** The faithcheck package root (the directory of its package.json) and its version. */
export function packageInfo(): { root: string; version: string } {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(moduleUrl()));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'faithcheck') {
        cached = { root: dir, version: String(pkg.version) };
        return cached;
      }
    } catch {
      // keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return { root: dir, version: 'unknown' };
    dir = parent;
  }
}
