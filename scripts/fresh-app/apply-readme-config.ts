/**
 * Applies the README's config exactly as written: the ```ts block after the marker
 * `<!-- fresh-app-check: config/plugins.ts -->` is the `'whatsapp-agent'` entry a reader adds to
 * their config/plugins.ts; it goes in as the first entry of the object that file exports.
 * Usage: tsx apply-readme-config.ts README.md <app>/config/plugins.ts
 */
import fs from 'node:fs';

const MARKER = '<!-- fresh-app-check: config/plugins.ts -->';
const [readmePath, pluginsPath] = process.argv.slice(2);
const readme = fs.readFileSync(readmePath, 'utf8');
const at = readme.indexOf(MARKER);
const block = at < 0 ? null : /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
if (!block) throw new Error(`${readmePath} has no \`\`\`ts block after ${MARKER}`);

const plugins = fs.readFileSync(pluginsPath, 'utf8');
// create-strapi-app 5.54 writes `const config = ({ env }: …): Core.Config.Plugin => ({`.
const opening = /=> \(\{\n/.exec(plugins);
if (!opening)
  throw new Error(`${pluginsPath} does not export \`({ env }) => ({ … })\`: where does the entry go?`);
const entry = block[1]
  .split('\n')
  .map((line) => (line ? `  ${line}` : line))
  .join('\n');
const end = opening.index + opening[0].length;
fs.writeFileSync(pluginsPath, `${plugins.slice(0, end)}${entry}${plugins.slice(end)}`);
console.log(
  `config/plugins.ts: added the README's 'whatsapp-agent' entry (${block[1].split('\n').length} lines)`
);
