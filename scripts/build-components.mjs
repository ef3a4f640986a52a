// Builds the embeddable components (components/src) into one script, components/dist/components.js, served by Trio
// at /components.js. With --if-stale, only when a source is newer than the build. Written beside and renamed into
// place, so a running Trio never reads half a file. Vite (already the web app's bundler) in library mode: one IIFE,
// minified, no dependencies, for any page.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'components', 'src');
const outDir = path.join(root, 'components', 'dist');
const out = path.join(outDir, 'components.js');

const newest = (dir) => Math.max(...readdirSync(dir).map((f) => statSync(path.join(dir, f)).mtimeMs));

/** Whether components/dist/components.js is newer than every source. */
export const componentsFresh = () => existsSync(out) && statSync(out).mtimeMs >= newest(src);

export async function buildComponents({ ifStale = false } = {}) {
  if (ifStale && componentsFresh()) return false;
  // Vite is loaded only to build: a start whose build is fresh does not pay for it.
  const { build } = await import('vite');
  const tmp = path.join(outDir, `.build-${process.pid}`);
  mkdirSync(outDir, { recursive: true });
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: tmp,
      emptyOutDir: true,
      target: 'es2020',
      minify: true,
      sourcemap: false,
      lib: { entry: path.join(src, 'index.ts'), formats: ['iife'], name: 'TrioComponents', fileName: () => 'components.js' },
    },
  });
  renameSync(path.join(tmp, 'components.js'), out);
  const { rmSync } = await import('node:fs');
  rmSync(tmp, { recursive: true, force: true });
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const built = await buildComponents({ ifStale: process.argv.includes('--if-stale') });
  if (built) console.log(`Built ${path.relative(root, out)} (${statSync(out).size} bytes)`);
}
