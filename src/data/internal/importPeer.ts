/**
 * Load an optional peer dependency with a dynamic `import()` (the specifier is a variable, so
 * bundlers leave it alone and the package stays optional). A package that cannot be resolved
 * becomes an `Error` whose message starts with `fn`, names the package and says how to install it
 * (the original error is its `cause`); any other failure — including a missing dependency *of* the
 * package — is rethrown unchanged.
 */
export async function importPeer(fn: string, name: string): Promise<unknown> {
  try {
    return await import(/* @vite-ignore */ /* webpackIgnore: true */ name);
  } catch (error) {
    if (isResolutionFailure(error, name)) {
      throw new Error(`${fn}: the optional peer dependency '${name}' is not installed; install it with \`npm install ${name}\``, { cause: error });
    }
    throw error;
  }
}

/**
 * Is `error` the failure to resolve `name` itself (not a module that `name` needs)? Node says
 * "Cannot find package '<name>' …" (ESM) or "Cannot find module '<name>'" (CJS); bundlers and vite
 * say "Failed to resolve …" / "Failed to load …" with the name.
 */
export function isResolutionFailure(error: unknown, name: string): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { message } = error as { message?: unknown };
  if (typeof message !== 'string') return false;
  const firstLine = message.split('\n')[0]!;
  // the name as a whole word, not as part of a path inside the package (`…/datasets-spam-assassin/lib/main.js`)
  const named = new RegExp(`(?:^|[\\s'"\`])${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:$|[\\s'"\`])`);
  return named.test(firstLine) && /cannot find (?:package|module)|failed to (?:load|resolve)|could not resolve/i.test(firstLine);
}
