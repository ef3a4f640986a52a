// Runs the server bundle (a CommonJS script made by scripts/build-server.mjs) with V8's code cache: the first start
// keeps the code V8 compiled while starting (beside the bundle, once the server answers), and the next starts take it
// instead of parsing and compiling the bundle again (Node 20 has no compile cache of its own: module.enableCompileCache
// came in Node 22, and vm's cachedData needs a script, not an ES module). A cache of another bundle is refused by its
// stamp (another Node or other V8 flags: by V8, and they have a cache of their own): that start compiles, and keeps a
// new cache.
//
// Stack traces name the TypeScript sources: Node's --enable-source-maps does not reach code run by vm.Script, so
// frames of the bundle are mapped here, with the bundle's source map read only when a stack first names the bundle.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

/**
 * Runs the bundle (a path or file URL) and returns its exports. `started` among them (a promise: src/main.ts's) says
 * when the start is done: the code cache is written then, when this start had none it could use.
 * @param {string | URL} bundleFile
 * @returns {{ exports: Record<string, unknown>, cacheUsed: boolean, cacheWritten: Promise<boolean> }}
 */
export function runServer(bundleFile) {
  const bundle = bundleFile instanceof URL || String(bundleFile).startsWith('file:') ? fileURLToPath(bundleFile) : path.resolve(String(bundleFile));
  const source = readFileSync(bundle, 'utf8');
  // V8 takes a cache only from a process of the same flags: one cache per set of flags (npm start's, the tests').
  const flags = createHash('sha1').update(`${process.version} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`).digest('hex').slice(0, 10);
  const cacheFile = `${bundle}.${flags}.v8cache`;
  // The bundle's stamp: a new build is another file (written aside, then renamed into place).
  const s = statSync(bundle);
  const stamp = Buffer.from(`${s.size}:${s.mtimeMs}:${s.ino}\n`);
  let cachedData;
  try {
    const kept = readFileSync(cacheFile);
    if (kept.subarray(0, stamp.length).equals(stamp)) cachedData = kept.subarray(stamp.length);
  } catch {
    /* no cache yet */
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  mapStackTraces(bundle);
  const mod = new Module(bundle);
  mod.filename = bundle;
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  // After the answer to the start's first requests: the code compiled while starting is in the cache. A start that
  // fails rejects cacheWritten with its error, unhandled: the process ends saying it, as without this runner.
  const cacheWritten = cacheUsed
    ? Promise.resolve(false)
    : Promise.resolve(mod.exports.started).then(() => new Promise((resolve) => setImmediate(() => resolve(keepCache(script, cacheFile, stamp)))));
  return { exports: mod.exports, cacheUsed, cacheWritten };
}

/** Writes the script's compiled code beside the bundle (aside first: several starts at once each write their own). */
function keepCache(script, cacheFile, stamp) {
  const aside = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(aside, Buffer.concat([stamp, script.createCachedData()]));
    renameSync(aside, cacheFile);
    return true;
  } catch {
    // A read-only install starts as before, without a cache.
    rmSync(aside, { force: true });
    return false;
  }
}

/** Rewrites `<bundle>:line:column` in stack traces (as Node formats them) to the TypeScript source's place. */
function mapStackTraces(bundle) {
  const format = Error.prepareStackTrace;
  if (typeof format !== 'function') return;
  const place = new RegExp(`${bundle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`, 'g');
  let map;
  Error.prepareStackTrace = function prepareStackTrace(error, trace) {
    const text = format(error, trace);
    if (typeof text !== 'string' || !text.includes(bundle)) return text;
    map ??= readSourceMap(`${bundle}.map`);
    if (!map) return text;
    return text.replace(place, (whole, line, column) => map.find(Number(line) - 1, Number(column) - 1) ?? whole);
  };
}

const BASE64 = new Int8Array(128).fill(-1);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach((c, i) => (BASE64[c.charCodeAt(0)] = i));

/**
 * A source map read for lookups, not decoded whole: the bundle's map (its packages included) decoded by Node's
 * module.SourceMap took ~0.23 s and 85 MB of heap. Here one pass keeps, per generated line, where its mappings start
 * and the source position before them (three numbers a line); a lookup decodes that one line.
 * @returns {{ find(line: number, column: number): string | undefined } | false}
 */
export function readSourceMap(file) {
  let raw;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  const dir = path.dirname(file);
  const sources = raw.sources.map((s) => path.resolve(dir, raw.sourceRoot ?? '', s));
  const m = raw.mappings;
  let pos = 0;
  const vlq = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const digit = BASE64[m.charCodeAt(pos++)];
      value += (digit & 31) << shift;
      if (!(digit & 32)) break;
      shift += 5;
    }
    return value & 1 ? -(value >>> 1) : value >>> 1;
  };
  const more = () => pos < m.length && m.charCodeAt(pos) !== 44 && m.charCodeAt(pos) !== 59;
  // Per line: [offset in mappings, source, original line, original column, whether a mapping came before] at its
  // start. A place before a line's first mapping takes the last one before it (as module.SourceMap's findEntry does).
  const lines = [0, 0, 0, 0, 0];
  let src = 0;
  let line = 0;
  let col = 0;
  let mapped = 0;
  while (pos < m.length) {
    const c = m.charCodeAt(pos);
    if (c === 59 /* ; */) {
      pos++;
      lines.push(pos, src, line, col, mapped);
    } else if (c === 44 /* , */) {
      pos++;
    } else {
      vlq();
      if (more()) {
        src += vlq();
        line += vlq();
        col += vlq();
        mapped = 1;
        if (more()) vlq();
      }
    }
  }
  const starts = Int32Array.from(lines);
  const N = 5;
  return {
    find(genLine, genColumn) {
      if (genLine < 0) return undefined;
      // Lines after the map's last one: its last mapping.
      if (genLine * N >= starts.length) [genLine, genColumn] = [starts.length / N - 1, Infinity];
      pos = starts[genLine * N];
      let s = starts[genLine * N + 1];
      let l = starts[genLine * N + 2];
      let c = starts[genLine * N + 3];
      let found = starts[genLine * N + 4] ? `${sources[s]}:${l + 1}:${c + 1}` : undefined;
      let gen = 0;
      while (pos < m.length && m.charCodeAt(pos) !== 59) {
        if (m.charCodeAt(pos) === 44) {
          pos++;
          continue;
        }
        gen += vlq();
        if (gen > genColumn) break;
        if (more()) {
          s += vlq();
          l += vlq();
          c += vlq();
          if (more()) vlq();
          found = `${sources[s]}:${l + 1}:${c + 1}`;
        } else {
          found = undefined;
        }
      }
      return found;
    },
  };
}
