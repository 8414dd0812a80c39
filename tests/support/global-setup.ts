import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  checkFreshness,
  clearStamp,
  hashInputs,
  PLUGIN_INPUTS,
  pluginBuild,
  writeStamp,
} from '../../scripts/build-cache';
import { databaseClient } from './database';
import { PLAYGROUND_DIR, REPO_ROOT } from './paths';
import { ensureTemplate, publishTemplate } from './template-database';

/**
 * Integration tests run the plugin the way a host app does: from its build output.
 * Build it, and compile the TypeScript playground, once per test run. The plugin build (minutes
 * on a loaded machine) is skipped while its inputs are unchanged since the last one, the tests'
 * or `npm run demo`'s (scripts/build-cache.ts). Then the seeded template database every test
 * file copies (tests/support/template-database.ts), made only when its sources changed.
 */
export default async function globalSetup() {
  buildPluginAndPlayground();
  const template = await ensureTemplate(databaseClient());
  publishTemplate(template);
  console.log(`[tests] template database ${template.built ? 'made' : 'reused'}: ${template.source}`);
}

/** The builds alone, for the benchmarks (they boot on databases of their own). */
export const buildPluginAndPlayground = () => {
  if (process.env.SKIP_BUILD === 'true') {
    console.log('\n[tests] SKIP_BUILD=true: using the existing plugin build and compiled playground.');
    return;
  }
  const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);
  const target = pluginBuild(REPO_ROOT);
  const hash = hashInputs(REPO_ROOT, PLUGIN_INPUTS);
  if (checkFreshness(target, hash).upToDate) {
    console.log('\n[tests] plugin build up to date with its sources (skipped).');
  } else {
    clearStamp(target);
    execFileSync(bin('strapi-plugin'), ['build', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
    writeStamp(target, hash);
  }
  execFileSync(bin('tsc'), ['-p', path.join(PLAYGROUND_DIR, 'tsconfig.json')], {
    cwd: PLAYGROUND_DIR,
    stdio: 'inherit',
  });
};
