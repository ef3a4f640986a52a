import { PGlite } from '@electric-sql/pglite';
const r = () => Math.round(process.memoryUsage.rss()/2**20);
console.log('base', r());
const d = await PGlite.create({ dataDir: process.argv[2], startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'] });
console.log('pglite open', r(), JSON.stringify(process.memoryUsage()));
await d.query('select 1');
console.log('q', r());
