// Bundles the server (src/main.ts and what it imports, with the packages it uses but a few) into .tmp/server/app.cjs
// with a source map, so `npm start` runs plain node instead of transpiling every TypeScript file at each start (tsx
// took about 2 s of a start). The bundle is a script (CommonJS), run by .tmp/server/main.mjs through
// scripts/run-server.mjs with V8's code cache: a start after the first one neither resolves, reads and compiles some
// 300 files of node_modules nor compiles the bundle (about 0.35-0.45 s of CPU of a second start).
// With --if-stale, only when a file the last bundle was made of (or package.json) changed.
// Several `npm start` at once are safe: each writes its own files and renames them into place.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
export const serverDir = path.join(root, '.tmp', 'server');
/** What `node <serverBundle>` runs: the bundle, through scripts/run-server.mjs. */
export const serverBundle = path.join(serverDir, 'main.mjs');
/** The bundle itself (a script). */
export const serverCode = path.join(serverDir, 'app.cjs');
/**
 * Packages left to node_modules: they read files beside their own code (PGlite its wasm and data), are native (sharp)
 * or are loaded for PostgreSQL only (pg; pg-native is optional).
 */
const EXTERNAL = ['@electric-sql/pglite', 'sharp', 'pg', 'pg-native'];
/** The files the bundle was made of, for --if-stale. */
const inputsFile = path.join(serverDir, 'inputs.json');

/** Whether the bundle is older than one of its inputs (a file changed, or is gone: an import moved). */
export function serverStale() {
  if (!existsSync(serverBundle) || !existsSync(serverCode) || !existsSync(inputsFile)) return true;
  const built = statSync(serverCode).mtimeMs;
  const inputs = [...JSON.parse(readFileSync(inputsFile, 'utf8')), 'package.json', 'scripts/build-server.mjs'];
  // The bundled packages' files are not listed one by one (a thousand stats at each start): an install that changes
  // node_modules rewrites npm's lock files.
  const lockFiles = ['package-lock.json', path.join('node_modules', '.package-lock.json')];
  return inputs.some((f) => {
    const s = statSync(path.join(root, f), { throwIfNoEntry: false });
    return !s || s.mtimeMs > built;
  }) || lockFiles.some((f) => (statSync(path.join(root, f), { throwIfNoEntry: false })?.mtimeMs ?? 0) > built);
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
    // A bundled package's __dirname and __filename stay its own (files beside its code: swagger-ui's pages, pino's
    // workers), not the bundle's.
    b.onLoad({ filter: /\.c?js$/ }, (args) => {
      if (!args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(text)) return undefined;
      const contents = text.replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path))).replace(/\b__filename\b/g, JSON.stringify(args.path));
      return { contents, loader: 'js' };
    });
  },
};

export async function buildServer() {
  // Loaded only to build: a start whose bundle is up to date does not pay for it.
  const { build } = await import('esbuild');
  mkdirSync(serverDir, { recursive: true });
  const tag = `${process.pid}.${Date.now()}`;
  const out = path.join(serverDir, `app.${tag}.cjs`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'src', 'main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'error',
    plugins: [ownImportMeta],
    // What import() of a CommonJS package gives in Node: its exports as `default`, and their names.
    banner: { js: 'const __imp = (name) => Promise.resolve().then(() => { const m = require(name); return { ...m, default: m }; });' },
  });
  // The map keeps its own name: the bundle's sourceMappingURL names it.
  const map = readFileSync(`${out}.map`, 'utf8');
  writeFileSync(`${serverCode}.map`, map);
  const code = readFileSync(out, 'utf8')
    .replace(/\/\/# sourceMappingURL=.*$/m, '//# sourceMappingURL=app.cjs.map')
    // import() of a package left outside (pg, sharp) stays import() in a script, which V8 runs with no module loader
    // behind it (vm.Script: "A dynamic import callback was not specified"): require() it, as the bundled ones are.
    // As long as the call it replaces, so that the source map stays true.
    .replace(/\bimport\(("[^"]+")\)/g, (call, name) => `__imp(${name})`.padEnd(call.length, ' '));
  writeFileSync(out, code);
  // Only files of this repository: a package's files change with package-lock.json.
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.split(/[\\/]/).includes('node_modules'));
  writeFileSync(`${inputsFile}.${tag}`, JSON.stringify(inputs));
  renameSync(`${inputsFile}.${tag}`, inputsFile);
  renameSync(out, serverCode);
  // The code caches of the bundle before (scripts/run-server.mjs): never taken for this one.
  for (const f of readdirSync(serverDir)) if (f.endsWith('.v8cache')) rmSync(path.join(serverDir, f), { force: true });
  rmSync(`${out}.map`, { force: true });
  const entry = `${serverBundle}.${tag}`;
  writeFileSync(entry, [
    '// Made by scripts/build-server.mjs: runs the bundle beside it with its code cache.',
    "import { runServer } from '../../scripts/run-server.mjs';",
    "runServer(new URL('./app.cjs', import.meta.url));",
    '',
  ].join('\n'));
  renameSync(entry, serverBundle);
}

export async function buildServerIfStale() {
  if (serverStale()) await buildServer();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--if-stale')) await buildServerIfStale();
  else await buildServer();
}
