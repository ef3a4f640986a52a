// Bundles the server (src/main.ts and what it imports, packages left to node_modules) into .tmp/server/main.mjs with a
// source map, so `npm start` runs plain node instead of transpiling every TypeScript file at each start (tsx took
// about 2 s of a start). With --if-stale, only when a file the last bundle was made of (or package.json) changed.
// Several `npm start` at once are safe: each writes its own files and renames them into place.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
export const serverDir = path.join(root, '.tmp', 'server');
export const serverBundle = path.join(serverDir, 'main.mjs');
/** The files the bundle was made of, for --if-stale. */
const inputsFile = path.join(serverDir, 'inputs.json');

/** Whether the bundle is older than one of its inputs (a file changed, or is gone: an import moved). */
export function serverStale() {
  if (!existsSync(serverBundle) || !existsSync(inputsFile)) return true;
  const built = statSync(serverBundle).mtimeMs;
  const inputs = [...JSON.parse(readFileSync(inputsFile, 'utf8')), 'package.json', 'scripts/build-server.mjs'];
  return inputs.some((f) => {
    const s = statSync(path.join(root, f), { throwIfNoEntry: false });
    return !s || s.mtimeMs > built;
  });
}

/**
 * Each source file keeps its own import.meta.url and import.meta.dirname (paths to migrations, web/dist, the PGlite
 * template script are relative to the file that names them, not to the bundle).
 */
const ownImportMeta = {
  name: 'own-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.(ts|mjs|js)$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.')) return undefined;
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)));
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

export async function buildServer() {
  // Loaded only to build: a start whose bundle is up to date does not pay for it.
  const { build } = await import('esbuild');
  mkdirSync(serverDir, { recursive: true });
  const tag = `${process.pid}.${Date.now()}`;
  const out = path.join(serverDir, `main.${tag}.mjs`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'src', 'main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'error',
    plugins: [ownImportMeta],
    // Some packages are CommonJS and call require(): an ES module bundle has none of its own.
    banner: { js: "import { createRequire as __trioRequire } from 'node:module'; const require = __trioRequire(import.meta.url);" },
  });
  // The map keeps its own name: the bundle's sourceMappingURL names it.
  const map = readFileSync(`${out}.map`, 'utf8');
  writeFileSync(`${serverBundle}.map`, map);
  writeFileSync(out, readFileSync(out, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '//# sourceMappingURL=main.mjs.map'));
  const inputs = Object.keys(result.metafile.inputs);
  writeFileSync(`${inputsFile}.${tag}`, JSON.stringify(inputs));
  renameSync(`${inputsFile}.${tag}`, inputsFile);
  renameSync(out, serverBundle);
  rmSync(`${out}.map`, { force: true });
}

export async function buildServerIfStale() {
  if (serverStale()) await buildServer();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--if-stale')) await buildServerIfStale();
  else await buildServer();
}
