import crypto from 'node:crypto';
import type { AuthorizationParams } from './authorization-request';
import { clientDisplayName } from './client-display-name';

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string
  );

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; background: #f4f5f7; color: #1d1f23; }
main { max-width: 32rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 12px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
h1 { font-size: 1.3rem; margin: 0 0 .75rem; }
label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
input { width: 100%; padding: .6rem; border: 1px solid #c6c9d0; border-radius: 8px; font: inherit; }
button { margin: 1rem .5rem 0 0; padding: .6rem 1.1rem; border: 0; border-radius: 8px; background: #4945ff; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
button[value=deny] { background: #e7e9ee; color: #1d1f23; }
ul { padding-left: 1.2rem; margin: .25rem 0; }
code { font-size: .9em; }
.muted { color: #5b6170; font-size: .9rem; }
.error { color: #b42318; font-weight: 600; }
`;
const STYLE_HASH = crypto.createHash('sha256').update(STYLE).digest('base64');

export type ConsentTool = { name: string; description: string; asksFirst: boolean };

/**
 * The consent page: who asks (its name as clientDisplayName gives it, escaped: the client chose
 * it), where the member goes back to, which tools it will use as them, and their usual login. A
 * plain form (no script at all); the hidden fields carry the authorization request back, to be
 * checked again on POST.
 */
export const consentPage = (input: {
  clientId: string;
  clientName: string;
  redirectUri: string;
  tools: ConsentTool[];
  params: AuthorizationParams;
  formAction: string;
  identifier?: string;
  error?: string;
}) => {
  const hidden = Object.entries(input.params)
    .filter(([, value]) => value !== undefined)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(String(value))}">`
    )
    .join('\n');
  const tools = input.tools
    .map(
      (tool) =>
        `<li><code>${escapeHtml(tool.name)}</code>: ${escapeHtml(tool.description)}${tool.asksFirst ? ' <strong>(asks you before it writes anything)</strong>' : ''}</li>`
    )
    .join('\n');
  const client = escapeHtml(clientDisplayName(input));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Connect ${client}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${client} asks to use the community assistant as you</h1>
<p>It will see what you may see on this site, and nothing more. It can use these tools:</p>
<ul>
${tools}
</ul>
<p class="muted">After you sign in you go back to <code>${escapeHtml(redirectTarget(input.redirectUri))}</code>. You can disconnect it any time from your sessions on this site.</p>
${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
<form method="post" action="${escapeHtml(input.formAction)}">
${hidden}
<label for="identifier">Email or username</label>
<input id="identifier" name="identifier" autocomplete="username" required value="${escapeHtml(input.identifier ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" name="decision" value="allow">Sign in and allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</form>
</main>
</body>
</html>
`;
};

/** A short page for a request that cannot go back to the client (unknown client or redirect). */
export const errorPage = (message: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Cannot connect this assistant</title><style>${STYLE}</style></head>
<body><main><h1>Cannot connect this assistant</h1><p class="error">${escapeHtml(message)}</p></main></body>
</html>
`;

/** Where the redirect goes, as the member should read it: the host, or the app's scheme. */
const redirectTarget = (redirectUri: string) => {
  const url = new URL(redirectUri);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : `${url.protocol}//`;
};

/**
 * No script; the one style by its hash; the form posts here, and its answer redirects to the
 * client (browsers apply form-action to that redirect, so the client's origin is listed);
 * never in a frame (clickjacking the Allow button).
 */
export const consentPagePolicy = (redirectUri?: string) => {
  const target = redirectUri ? new URL(redirectUri) : null;
  const redirectSource = !target
    ? ''
    : target.protocol === 'http:' || target.protocol === 'https:'
      ? ` ${target.origin}`
      : ` ${target.protocol}`;
  return [
    "default-src 'none'",
    `style-src 'sha256-${STYLE_HASH}'`,
    "base-uri 'none'",
    `form-action 'self'${redirectSource}`,
    "frame-ancestors 'none'",
  ].join('; ');
};
