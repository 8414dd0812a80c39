/**
 * Build cache for `npm run demo`: a build is skipped when a sha256 over its inputs equals the
 * stamp written beside its output after the last successful build.
 *
 * The hash covers each input file's path (relative to the root, `/`-separated) and content, so
 * an edited, added, removed or renamed file changes it; files that are not sources (build
 * output, dependencies, editor and OS droppings) are left out. A stamp only counts while the
 * output it vouches for is there and was not rewritten after it (the tests build into the same
 * `dist/` folders).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Folders never walked into: build output, dependencies, caches. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', '.strapi', '.tmp', '.cache', 'coverage']);
/** Files that are not sources: editor swap and backup files, OS metadata, logs, tsc caches. */
const SKIPPED_FILE = /(^\.DS_Store$|^Thumbs\.db$|\.log$|\.sw[op]$|~$|\.tsbuildinfo$)/;

const toPosix = (p: string) => p.split(path.sep).join('/');

const walk = (dir: string, out: string[]) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(full, out);
    } else if (entry.isFile() && !SKIPPED_FILE.test(entry.name)) {
      out.push(full);
    }
  }
};

/**
 * The files an input entry stands for: a file, a folder (walked), or a name pattern with `*`
 * in its last segment (`tsconfig*.json`). A missing entry stands for no file.
 */
const expand = (root: string, entry: string): string[] => {
  const absolute = path.resolve(root, entry);
  const base = path.basename(absolute);
  if (base.includes('*')) {
    const dir = path.dirname(absolute);
    const pattern = new RegExp(
      `^${base
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`
    );
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && pattern.test(e.name))
      .map((e) => path.join(dir, e.name));
  }
  const stat = fs.statSync(absolute, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [absolute];
  const files: string[] = [];
  if (stat.isDirectory()) walk(absolute, files);
  return files;
};

/** The input files of a build, relative to `root`, sorted. */
export const listInputs = (root: string, entries: string[]): string[] => {
  const files = new Set<string>();
  for (const entry of entries)
    for (const file of expand(root, entry)) files.add(toPosix(path.relative(root, file)));
  return [...files].sort();
};

/**
 * sha256 over the build's input files and `extra` values (other hashes this build depends on,
 * environment variables baked into the bundle); hex.
 */
export const hashInputs = (
  root: string,
  entries: string[],
  extra: Record<string, string | undefined> = {}
): string => {
  const hash = createHash('sha256').update('build-cache v1\n');
  for (const file of listInputs(root, entries)) {
    const content = createHash('sha256')
      .update(fs.readFileSync(path.join(root, file)))
      .digest('hex');
    hash.update(`file ${file}\0${content}\n`);
  }
  for (const key of Object.keys(extra).sort()) hash.update(`extra ${key}\0${extra[key] ?? ''}\n`);
  return hash.digest('hex');
};

const STAMP = '.build-hash';

export interface BuildTarget {
  /** Where the build writes; the stamp is `<outDir>/.build-hash`. */
  outDir: string;
  /** Files the build must have produced (relative to outDir) for a skip to be safe. */
  outputs: string[];
}

export type Freshness = { upToDate: true } | { upToDate: false; reason: string };

/** Whether `target`'s output was built from inputs hashing to `hash`, and why not. */
export const checkFreshness = (target: BuildTarget, hash: string): Freshness => {
  const stampFile = path.join(target.outDir, STAMP);
  const stamp = fs.statSync(stampFile, { throwIfNoEntry: false });
  if (!stamp) return { upToDate: false, reason: 'no previous build' };
  if (fs.readFileSync(stampFile, 'utf8').trim() !== hash)
    return { upToDate: false, reason: 'sources changed' };
  for (const output of target.outputs) {
    const stat = fs.statSync(path.join(target.outDir, output), { throwIfNoEntry: false });
    if (!stat) return { upToDate: false, reason: `${output} missing` };
    // Someone else (the test setup, a manual `npm run build`) rebuilt it since the stamp.
    if (stat.mtimeMs > stamp.mtimeMs) return { upToDate: false, reason: 'rebuilt elsewhere since' };
  }
  return { upToDate: true };
};

/** Call before building: a build that fails or is interrupted must not leave a valid stamp. */
export const clearStamp = (target: BuildTarget) =>
  fs.rmSync(path.join(target.outDir, STAMP), { force: true });

/** Call after a successful build. */
export const writeStamp = (target: BuildTarget, hash: string) => {
  fs.mkdirSync(target.outDir, { recursive: true });
  fs.writeFileSync(path.join(target.outDir, STAMP), `${hash}\n`);
};

/**
 * The plugin build (`strapi-plugin build` → dist/): its sources, manifest and lockfile. Shared by
 * `npm run demo` and the tests' global setup, so either reuses the other's build.
 */
export const PLUGIN_INPUTS = [
  'package.json',
  'package-lock.json',
  'tsconfig*.json',
  'strapi-server.ts',
  'strapi-admin.ts',
  'config',
  'server',
  'admin',
];
export const pluginBuild = (root: string): BuildTarget => ({
  outDir: path.join(root, 'dist'),
  outputs: ['server/index.js', 'admin/index.mjs'],
});

/**
 * The playground's sources (`strapi build` → playground/dist, admin bundle in dist/build): its
 * config, content types and seed. Shared by `npm run demo` and the tests' template database
 * (tests/support/template-database.ts), which holds what these sources create and seed.
 */
export const PLAYGROUND_INPUTS = [
  'playground/package.json',
  'playground/tsconfig.json',
  'playground/.env',
  'playground/config',
  'playground/src',
  'package-lock.json',
];
