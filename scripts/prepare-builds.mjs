// `npm install` runs this after preparing PGlite's cluster (postinstall): builds the web app and the server bundle
// when they are missing or older than their sources, so the first `npm start` runs the server at once instead of
// building first (vite's build of the web app, in a child process of npm start, took seconds and peaked at ~765 MB
// beside the server). It never fails the install: what is not built here, `npm start` builds (scripts/start.mjs).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

for (const script of ['build-web.mjs', 'build-server.mjs']) {
  try {
    execFileSync(process.execPath, [path.join(import.meta.dirname, script), '--if-stale'], { stdio: 'inherit' });
  } catch (err) {
    console.log(`trio: ${script} did not build now (npm start builds it): ${err.message}`);
  }
}
