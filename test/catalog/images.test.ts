import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, testEnv, type TestEnv } from '../helpers.ts';
import { openStore, tee } from './fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv({ TRIO_IMAGE_MAX_BYTES: '200000' }); });
afterAll(async () => { await env?.close(); });

const png = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#c0392b' } }).png().toBuffer();

async function upload(s: Awaited<ReturnType<typeof openStore>>, name: string, type: string, data: Buffer) {
  const body = multipart({}, { name, type, data });
  return env.app.inject({ method: 'POST', url: `${s.url}/images`, headers: { ...s.merchant.headers, ...body.headers }, payload: body.payload });
}

describe('product images', () => {
  it('an uploaded photo gets a thumbnail and a large rendition, served as WebP to anyone', async () => {
    const s = await openStore(env);
    const res = await upload(s, 'photo.png', 'image/png', await png(1600, 1200));
    expect(res.statusCode, res.body).toBe(201);
    const img = res.json();
    const thumb = await env.app.inject({ method: 'GET', url: img.urls.thumb });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([240, 180]);
    const created = await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0], { imageIds: [img.id] }) });
    expect(created.statusCode).toBe(201);
  });

  it('a file that is not an image, or too large, is refused with a clear error; another store cannot use the image', async () => {
    const s = await openStore(env);
    const fake = await upload(s, 'photo.png', 'image/png', Buffer.from('this is not a picture at all'));
    expect(fake.statusCode).toBe(415);
    expect(fake.json().code).toBe('image_type_not_allowed');
    const noise = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    const big = await upload(s, 'big.png', 'image/png', noise);
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('file_too_large');
    const mine = (await upload(s, 'ok.png', 'image/png', await png(100, 100))).json();
    const other = await openStore(env);
    const res = await env.app.inject({ method: 'POST', url: `${other.url}/products`, headers: other.merchant.headers, payload: tee(other.categoryIds[0], { imageIds: [mine.id] }) });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('image_not_found');
  });
});
