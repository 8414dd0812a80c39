import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { PLAYGROUND_DIR, REPO_ROOT } from '../support/paths';

/**
 * The e2e test drives the admin panel the way a host app serves it: the plugin's build output
 * inside the playground's built admin bundle. Build both once per run.
 */
export default function globalSetup() {
  if (process.env.SKIP_BUILD === 'true') {
    console.log('\n[e2e] SKIP_BUILD=true: using the existing plugin build and playground admin bundle.');
    return;
  }
  const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);
  execFileSync(bin('strapi-plugin'), ['build', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
  execFileSync(bin('strapi'), ['build'], { cwd: PLAYGROUND_DIR, stdio: 'inherit' });
}
