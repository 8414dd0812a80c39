import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { PLAYGROUND_DIR, REPO_ROOT } from './paths';

/**
 * Integration tests run the plugin the way a host app does: from its build output.
 * Build it, and compile the TypeScript playground, once per test run.
 */
export default function globalSetup() {
  if (process.env.SKIP_BUILD === 'true') {
    console.log('\n[tests] SKIP_BUILD=true: using the existing plugin build and compiled playground.');
    return;
  }
  const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);
  execFileSync(bin('strapi-plugin'), ['build', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
  execFileSync(bin('tsc'), ['-p', path.join(PLAYGROUND_DIR, 'tsconfig.json')], {
    cwd: PLAYGROUND_DIR,
    stdio: 'inherit',
  });
}
