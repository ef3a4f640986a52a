import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { Conflict } from './errors.ts';
import { errors } from './http.ts';
import { PreparedProblem, registerProblemHandlers } from './problem.ts';

const app = Fastify({ logger: false });
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);
registerProblemHandlers(app);
const schema = { response: { 200: z.object({ ok: z.boolean() }), ...errors(409) } };
const extra = { skuId: 'a-sku', stock: 0, held: true };
const prepared = new PreparedProblem(409, 'stock_insufficient', 'Sold out.', extra);
const r = app.withTypeProvider<ZodTypeProvider>();
r.post('/made', { schema }, async () => { throw new Conflict('stock_insufficient', 'Sold out.', extra); });
r.post('/prepared', { schema }, async (req, reply) => prepared.send(reply, req));
r.post('/thrown', { schema }, async () => { throw prepared; });
afterAll(() => app.close());

describe('a prepared problem', () => {
  it('is the same answer as the one the error handler makes for the same refusal: status, type and body (its keys in the same order)', async () => {
    const made = await app.inject({ method: 'POST', url: '/made?x=1' });
    expect(made.statusCode).toBe(409);
    for (const url of ['/prepared?x=1', '/thrown?x=1']) {
      const res = await app.inject({ method: 'POST', url });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toBe(made.headers['content-type']);
      expect(res.body.replace(url, '/made?x=1')).toBe(made.body);
    }
    expect(made.json()).toEqual({ type: 'https://trio.dev/problems/stock_insufficient', title: 'Conflict', status: 409, code: 'stock_insufficient', detail: 'Sold out.', instance: '/made?x=1', ...extra });
  });
});
