// `npm start`: brings the web app and the server bundle up to date (only what is older than its sources; a fresh
// check reads file times, a few ms) and runs the server, all in this one process (each `node` launch costs a start
// of its own: two checks in processes of their own added about half a second).
import { pathToFileURL } from 'node:url';
import { buildWeb } from './build-web.mjs';
import { buildServerIfStale, serverBundle } from './build-server.mjs';

await buildWeb({ ifStale: true });
await buildServerIfStale();
await import(pathToFileURL(serverBundle).href);
