import crypto from 'node:crypto';
import type { PluginConfig } from '../settings/plugin-config-schema';

export type LinkingPageTheme = Omit<PluginConfig['linkingPage'], 'enabled'>;

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string
  );

/** The accent colour is a validated `#rrggbb`; everything else is fixed text. */
const styles = (accent: string) => `
:root { --accent: ${accent}; color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; background: #f4f5f7; color: #1d1f23; }
main { max-width: 30rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 12px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
header { text-align: center; margin-bottom: 1rem; }
header img { max-height: 64px; max-width: 60%; }
h1 { font-size: 1.4rem; margin: .5rem 0; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
input { width: 100%; padding: .6rem; border: 1px solid #c6c9d0; border-radius: 8px; font: inherit; }
button, .button { display: inline-block; margin-top: 1rem; padding: .6rem 1.1rem; border: 0; border-radius: 8px; background: var(--accent); color: #fff; font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; }
button.secondary { background: #e7e9ee; color: #1d1f23; }
button.link { background: none; color: var(--accent); padding: 0; margin: 0; font-weight: 400; }
.phrase { font: 600 1.3rem/1.4 ui-monospace, Menlo, monospace; text-align: center; padding: .75rem; background: #f4f5f7; border-radius: 8px; word-break: break-all; }
.qr { display: block; width: 220px; height: 220px; margin: 1rem auto; }
.muted { color: #5b6170; font-size: .9rem; }
.error { color: #b42318; }
.ok { color: #067647; font-weight: 600; }
ul { list-style: none; padding: 0; margin: 0; }
li { display: flex; justify-content: space-between; align-items: center; padding: .5rem 0; border-bottom: 1px solid #eceef2; }
[hidden] { display: none !important; }
`;

/**
 * The page's HTML. No inline script (the code is served from /link/app.js, allowed by
 * `script-src 'self'`); the one inline style is allowed by its hash, so the page's
 * Content-Security-Policy stays strict whatever the host's security middleware allows.
 */
export const linkingPage = ({ theme, apiPrefix }: { theme: LinkingPageTheme; apiPrefix: string }) => {
  const css = styles(theme.accentColor);
  const styleHash = crypto.createHash('sha256').update(css).digest('base64');
  const title = escapeHtml(theme.title);
  const logo = theme.logoUrl ? `<img src="${escapeHtml(theme.logoUrl)}" alt="">` : '';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${css}</style>
</head>
<body data-api="${escapeHtml(apiPrefix)}">
<main>
  <header>${logo}<h1>${title}</h1></header>
  <section id="login">
    <p class="muted">Log in with your account on this site. Then send the phrase you get from WhatsApp: from that moment your messages there act as you.</p>
    <form id="login-form">
      <label for="identifier">Email or username</label>
      <input id="identifier" name="identifier" autocomplete="username" required>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Log in</button>
    </form>
  </section>
  <section id="member" hidden>
    <p>Logged in as <strong id="member-name"></strong>. <button type="button" class="link" id="logout">Log out</button></p>
    <button type="button" id="get-phrase">Get a linking phrase</button>
    <div id="phrase-box" hidden>
      <p>Send this phrase to our WhatsApp number <strong id="number"></strong>:</p>
      <p class="phrase" id="phrase"></p>
      <p class="muted" id="expires"></p>
      <p><a class="button" id="deep-link" target="_blank" rel="noopener">Open WhatsApp</a></p>
      <p class="muted">On a computer? Scan this code with your phone's camera: WhatsApp opens with the phrase filled in.</p>
      <img class="qr" id="qr" alt="QR code that opens WhatsApp with the phrase">
    </div>
    <p class="ok" id="linked" hidden></p>
    <h2>Your linked phones</h2>
    <ul id="channels"></ul>
    <p class="muted" id="no-channels" hidden>No phone is linked yet.</p>
  </section>
  <p class="error" id="error" role="alert" hidden></p>
</main>
<script src="${escapeHtml(apiPrefix)}/whatsapp-agent/link/app.js"></script>
</body>
</html>
`;
  return { html, styleHash };
};

/** The page's own policy: its script, its hashed style, its logo's origin, calls to this origin only. */
export const linkingPagePolicy = ({ theme, styleHash }: { theme: LinkingPageTheme; styleHash: string }) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'sha256-${styleHash}'`,
    `img-src 'self' data:${theme.logoUrl ? ` ${new URL(theme.logoUrl).origin}` : ''}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
