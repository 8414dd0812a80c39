import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  checkFreshness,
  clearStamp,
  hashInputs,
  listInputs,
  writeStamp,
  type BuildTarget,
} from '../../scripts/build-cache';

describe('build cache (npm run demo skips unchanged builds)', () => {
  let root: string;
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  };
  const INPUTS = ['package.json', 'tsconfig*.json', 'server', 'admin'];
  const hash = () => hashInputs(root, INPUTS);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-cache-'));
    write('package.json', '{"name":"p"}');
    write('tsconfig.json', '{}');
    write('server/src/index.ts', 'export default 1;');
    write('admin/src/index.tsx', 'export default 2;');
    write('README.md', 'not an input');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is stable for an unchanged tree', () => {
    expect(hash()).toMatch(/^[0-9a-f]{64}$/);
    expect(hash()).toBe(hash());
  });

  it('changes when an input file changes', () => {
    const before = hash();
    write('server/src/index.ts', 'export default 3;');
    expect(hash()).not.toBe(before);
  });

  it('changes when an input file is added, removed or renamed', () => {
    const before = hash();
    write('admin/src/pages/Home.tsx', 'export {};');
    const added = hash();
    expect(added).not.toBe(before);

    fs.renameSync(path.join(root, 'admin/src/pages/Home.tsx'), path.join(root, 'admin/src/pages/Start.tsx'));
    expect(hash()).not.toBe(added);

    fs.rmSync(path.join(root, 'admin/src/pages/Start.tsx'));
    expect(hash()).toBe(before);
  });

  it('matches name patterns: a new tsconfig.build.json is an input', () => {
    const before = hash();
    write('tsconfig.build.json', '{}');
    expect(hash()).not.toBe(before);
  });

  it('does not change for unrelated files, build output, dependencies or editor droppings', () => {
    const before = hash();
    write('README.md', 'edited');
    write('tests/unit/x.test.ts', 'new test');
    write('server/dist/index.js', 'output');
    write('admin/node_modules/dep/index.js', 'dependency');
    write('server/src/.index.ts.swp', 'swap');
    write('admin/src/.DS_Store', 'mac');
    expect(hash()).toBe(before);
    expect(listInputs(root, INPUTS)).toEqual([
      'admin/src/index.tsx',
      'package.json',
      'server/src/index.ts',
      'tsconfig.json',
    ]);
  });

  it('changes with the extra values (the plugin hash, bundled env)', () => {
    const a = hashInputs(root, INPUTS, { pluginHash: 'a' });
    expect(hashInputs(root, INPUTS, { pluginHash: 'a' })).toBe(a);
    expect(hashInputs(root, INPUTS, { pluginHash: 'b' })).not.toBe(a);
    expect(hashInputs(root, INPUTS)).not.toBe(a);
  });

  describe('stamp beside the output', () => {
    let target: BuildTarget;
    beforeEach(() => {
      target = { outDir: path.join(root, 'dist'), outputs: ['index.js'] };
    });
    const past = (file: string, secondsAgo: number) => {
      const t = new Date(Date.now() - secondsAgo * 1000);
      fs.utimesSync(file, t, t);
    };

    it('is up to date only after a stamp with the same hash, next to the outputs', () => {
      const h = hash();
      expect(checkFreshness(target, h)).toEqual({ upToDate: false, reason: 'no previous build' });

      writeStamp(target, h);
      expect(checkFreshness(target, h)).toEqual({ upToDate: false, reason: 'index.js missing' });

      write('dist/index.js', 'built');
      past(path.join(root, 'dist/index.js'), 10);
      expect(checkFreshness(target, h)).toEqual({ upToDate: true });

      write('server/src/index.ts', 'changed');
      expect(checkFreshness(target, hash())).toEqual({
        upToDate: false,
        reason: 'sources changed',
      });
    });

    it('distrusts the stamp when the output was rewritten after it', () => {
      const h = hash();
      write('dist/index.js', 'built');
      writeStamp(target, h);
      past(path.join(root, 'dist', '.build-hash'), 10);
      expect(checkFreshness(target, h)).toEqual({
        upToDate: false,
        reason: 'rebuilt elsewhere since',
      });
    });

    it('clearStamp forgets the last build', () => {
      const h = hash();
      write('dist/index.js', 'built');
      past(path.join(root, 'dist/index.js'), 10);
      writeStamp(target, h);
      clearStamp(target);
      expect(checkFreshness(target, h).upToDate).toBe(false);
    });
  });
});
