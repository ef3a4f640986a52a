// The web compiles against the server's answers: web/src/lib/api/schema.ts is what scripts/api-types.ts generates
// from the OpenAPI document of the code as it is now (a server change without `npm run api:types` fails here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate } from '../../scripts/api-types.ts';

describe('the generated API types', () => {
  it('are fresh: generated from the current server, not edited by hand', async () => {
    const committed = readFileSync(new URL('../../web/src/lib/api/schema.ts', import.meta.url), 'utf8');
    // Compared line by line so a failure shows where the server and the file differ.
    expect(committed.split('\n')).toEqual((await generate()).split('\n'));
  });
});
