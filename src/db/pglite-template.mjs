// Run as a child process by src/db/pglite-template.ts: creates an empty PGlite cluster (initdb) in the given folder
// and closes it. A child, so that initdb's memory goes with it.
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create({ dataDir: process.argv[2] });
await db.close();
