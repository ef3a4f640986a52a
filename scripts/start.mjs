// `npm start`: brings the web app and the server bundle up to date (only what is older than its sources) and runs the
// server, in this one process when nothing is to build (each `node` launch costs a start of its own: the two checks
// in processes of their own, one loading vite, added about half a second). A build runs in a child process, so the
// server does not keep the bundler's memory.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { webFresh } from './build-web.mjs';
import { serverStale, serverBundle } from './build-server.mjs';

const build = (script) => execFileSync(process.execPath, [path.join(import.meta.dirname, script), '--if-stale'], { stdio: 'inherit' });
if (!webFresh()) build('build-web.mjs');
if (serverStale()) build('build-server.mjs');
await import(pathToFileURL(serverBundle).href);
