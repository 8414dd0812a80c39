/**
 * An action's path stays the route the admin configured, under /api/. fetch (like every WHATWG URL
 * parser) resolves `.` and `..` segments — also written `%2e` — and reads `\` as `/`, so
 * `/api/../admin/users/me`, or `{documentId}` filled with "..", would send the member's token to
 * another route than the one configured. The settings refuse such paths; a filled path is checked
 * again before anything is sent.
 */

const isDotSegment = (segment: string) => ['.', '..'].includes(segment.replace(/%2e/gi, '.'));

/** Why a configured action path is refused, or null. */
export const actionPathProblem = (path: string): string | null => {
  if (/%2f|%5c|\\/i.test(path))
    return 'must not contain backslashes or encoded slashes (%2F, %5C): the route would not be the one written';
  if (path.split('/').some(isDotSegment))
    return 'must not contain dot segments ("." or ".."): the route would not be the one written';
  return null;
};

export type FilledPath =
  | { ok: true; path: string; body: Record<string, unknown> }
  | { ok: false; argument?: string; message: string };

/**
 * `{name}` filled from the argument of that name, URL-encoded (the other arguments are the JSON
 * body). A value that would be a dot segment or empty is refused, and the filled path must be
 * what a URL parser makes of it — under /api/.
 */
export const fillPath = (path: string, args: Record<string, unknown>): FilledPath => {
  const used = new Set<string>();
  let refused: string | undefined;
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    used.add(name);
    const value = encodeURIComponent(String(args[name] ?? ''));
    if (value === '' || isDotSegment(value)) refused ??= name;
    return value;
  });
  if (refused)
    return {
      ok: false,
      argument: refused,
      message: 'must not be empty, "." or ".." (it is part of the path)',
    };
  if (new URL(filled, 'http://host').pathname !== filled || !filled.startsWith('/api/'))
    return { ok: false, message: `the path ${filled} does not stay under /api/` };
  const body = Object.fromEntries(Object.entries(args).filter(([name]) => !used.has(name)));
  return { ok: true, path: filled, body };
};
