// Builds one migrated template database per test run; every test file then clones it (never pays initdb per test).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, PGLITE_EXTENSIONS } from '../src/db/client.ts';
import { seedCategories } from '../src/demo/seed.ts';
import { testCategories } from './fixtures/categories.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    trioTemplate: { kind: 'pglite'; dumpPath: string } | { kind: 'postgres'; url: string; template: string };
  }
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `trio_tpl_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    const database = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 2 });
    await database.migrate();
    await database.db.transaction((tx) => seedCategories(tx as never, testCategories));
    await database.close();
    project.provide('trioTemplate', { kind: 'postgres', url, template });
    return async () => {
      // Drop the template and any clone a crashed file left behind.
      const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'trio_t%'`);
      for (const r of rows) if (r.datname === template || r.datname.startsWith(`${template}_`)) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trio-tpl-'));
  const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  const database = await openDatabase({ pglite: client });
  await database.migrate();
  await database.db.transaction((tx) => seedCategories(tx as never, testCategories));
  const dump = await client.dumpDataDir('none');
  const dumpPath = path.join(dir, 'template.tar');
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  project.provide('trioTemplate', { kind: 'pglite', dumpPath });
  return () => rmSync(dir, { recursive: true, force: true });
}
