// Bundles the extension (extension/src/main.ts → extension/out/main.js) with esbuild.
//   node scripts/build.mjs            production bundle (minified, no source map)
//   node scripts/build.mjs --dev      with an inline source map, not minified
//   node scripts/build.mjs --watch    --dev, rebuilding on change
//   node scripts/build.mjs --tests    also the unit tests: extension/test/*.test.ts → extension/out/test/
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const dev = watch || args.has('--dev');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  absWorkingDir: root,
};

const extension = {
  ...common,
  entryPoints: ['extension/src/main.ts'],
  outfile: 'extension/out/main.js',
  external: ['vscode'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  // Keep class and function names readable in stack traces from users' logs.
  keepNames: true,
  legalComments: 'none',
};

if (watch) {
  const context = await esbuild.context(extension);
  await context.watch();
  console.log('watching extension/src …');
} else {
  await esbuild.build(extension);
  if (args.has('--tests')) {
    const testDir = join(root, 'extension', 'out', 'test');
    rmSync(testDir, { recursive: true, force: true });
    const tests = readdirSync(join(root, 'extension', 'test'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `extension/test/${f}`);
    // The tests load only pure modules; `vscode` must never be bundled into them.
    await esbuild.build({ ...common, entryPoints: tests, outdir: 'extension/out/test', external: ['vscode', 'typescript'], sourcemap: 'inline' });
  }
}
