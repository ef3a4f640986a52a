// Run as a child process by src/db/pglite-template.ts: creates a PGlite cluster (initdb) in the given folder, runs
// the given migrations folder's migrations on it and closes it. A child, so that initdb's memory goes with it.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

const db = await PGlite.create({ dataDir: process.argv[2], extensions: { pg_trgm, unaccent } });
if (process.argv[3]) await migrate(drizzle(db), { migrationsFolder: process.argv[3] });
await db.close();
