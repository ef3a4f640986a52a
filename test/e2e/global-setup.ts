// The browser journeys' run: a folder for the demo templates each journey's server starts from (see harness.ts
// demoTemplate), removed at the end with the PostgreSQL template databases it names.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    trioE2eTemplates: string;
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trio-e2e-tpl-'));
  project.provide('trioE2eTemplates', dir);
  return async () => {
    const url = process.env.DATABASE_URL;
    const databases = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { database?: string }).database);
    if (url && databases.some(Boolean)) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      for (const d of databases) if (d) await admin.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`).catch((err) => console.warn(`could not drop ${d}:`, err));
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
