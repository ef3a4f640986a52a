// `npm install` runs this (postinstall): makes the migrated PGlite cluster a new data directory starts as a copy of
// (src/db/pglite-template.ts), so the first `npm start` copies it instead of running initdb and the migrations. It
// never fails the install: without the cluster, the first start makes it. Nothing to do on PostgreSQL (DATABASE_URL).
import { prepareTemplate } from '../src/db/pglite-template.ts';

if (process.env.DATABASE_URL) {
  console.log('trio: DATABASE_URL is set, no PGlite cluster to prepare');
} else {
  const t0 = performance.now();
  try {
    const dir = await prepareTemplate();
    console.log(`trio: the PGlite cluster new data directories start from is ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dir})`);
  } catch (err) {
    console.log(`trio: the PGlite cluster was not prepared (the first npm start makes it): ${(err as Error).message}`);
  }
}
