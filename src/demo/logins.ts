// The demo accounts a newcomer signs in with: one list, printed by `npm start` and answered by GET /api/demo/logins.
export const DEMO_PASSWORD = 'trio-demo-2026';
/**
 * DEMO_PASSWORD hashed once (src/kernel/tokens.ts hashPassword): the seed stores it instead of hashing at each first
 * start (scrypt takes 32 MiB and a fraction of a second before the server answers). The password is public anyway.
 */
export const DEMO_PASSWORD_HASH = 'scrypt$32768$8$1$OPUmuma0SGDThLObGUpLZg$0WNtoesZ1DNvXu6onoicy_c8KTb3oY48ctrVBl76Mec';

export type DemoLogin = { role: 'operator' | 'merchant' | 'buyer'; email: string; note: string };

export const DEMO_LOGINS: DemoLogin[] = [
  { role: 'operator', email: 'operator@trio.demo', note: 'platform operator console' },
  { role: 'merchant', email: 'tea@trio.demo', note: 'Jade Mountain Tea: open, deposit paid, listed products; its brand mini-site (linked)' },
  { role: 'merchant', email: 'fashion@trio.demo', note: 'Lotus Fashion: in review (targeted category waits)' },
  { role: 'merchant', email: 'digital@trio.demo', note: 'Northwind Digital: open, deposit owed' },
  { role: 'merchant', email: 'books@trio.demo', note: 'Old Street Books: closing' },
  { role: 'merchant', email: 'toys@trio.demo', note: 'Little Panda Toys: open, deposit paid, listed products' },
  { role: 'merchant', email: 'home@trio.demo', note: 'Saigon Home & Living: open, deposit paid, Vietnamese titles' },
  { role: 'merchant', email: 'beauty@trio.demo', note: 'Beauty Garden: open, deposit paid, listed products' },
  { role: 'buyer', email: 'lin@trio.demo', note: 'buyer, Shanghai (tier 1)' },
  { role: 'buyer', email: 'minh@trio.demo', note: 'buyer, Hanoi (overseas)' },
];
