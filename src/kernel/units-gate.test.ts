import { describe, expect, it } from 'vitest';
import { SLOTS, UnitsGate, type Pass } from './units-gate.ts';

const settled = async <T>(p: Promise<T>) => {
  const out = { value: undefined as T | undefined, done: false };
  p.then((v) => { out.value = v; out.done = true; });
  await new Promise((r) => setImmediate(r));
  return out;
};

describe('the gate of a row with few units left', () => {
  it('lets the first attempt go, and the others wait for its answer', async () => {
    const gate = new UnitsGate();
    const first = await gate.enter('sku', 1);
    expect(first).not.toBe('taken');
    const second = await settled(gate.enter('sku', 1));
    expect(second.done).toBe(false);
    (first as Pass).done(5);
    await new Promise((r) => setImmediate(r));
    expect(second.done).toBe(true);
    expect(second.value).not.toBe('taken');
  });

  it('answers at once those whose units the attempts under way and waiting ahead already take', async () => {
    const gate = new UnitsGate();
    (await gate.enter('sku', 1) as Pass).done(3);
    const going = await Promise.all([gate.enter('sku', 1), gate.enter('sku', 2)]);
    expect(going.every((g) => g !== 'taken')).toBe(true);
    expect(await gate.enter('sku', 1)).toBe('taken');
  });

  it('gives the unit of a failed attempt to the next one', async () => {
    const gate = new UnitsGate();
    (await gate.enter('sku', 1) as Pass).done(1);
    const last = await gate.enter('sku', 1) as Pass;
    expect(await gate.enter('sku', 1)).toBe('taken');
    last.done(); // failed: nothing taken
    expect(await gate.enter('sku', 1)).not.toBe('taken');
  });

  it('does not count twice the attempts let through before the last answer (their units may already be gone from it)', async () => {
    const gate = new UnitsGate();
    (await gate.enter('sku', 1) as Pass).done(4);
    const [a, b] = (await Promise.all([gate.enter('sku', 1), gate.enter('sku', 1)])) as Pass[];
    b.done(2); // a's statement ran first: 2 left after both
    // a is still under way, yet two buyers may still win: both go (or wait), neither is refused.
    const more = await Promise.all([settled(gate.enter('sku', 1)), settled(gate.enter('sku', 1))]);
    expect(more.map((m) => m.value)).not.toContain('taken');
    a.done(3);
  });

  it(`sends at most ${SLOTS} attempts per row at once`, async () => {
    const gate = new UnitsGate();
    (await gate.enter('sku', 1) as Pass).done(100);
    const all = await Promise.all(Array.from({ length: SLOTS + 3 }, () => settled(gate.enter('sku', 1))));
    expect(all.filter((x) => x.done)).toHaveLength(SLOTS);
  });

  it('sends as many at once as a gate is given (a caller that sends several attempts per statement)', async () => {
    const gate = new UnitsGate(undefined, 10);
    (await gate.enter('sku', 1) as Pass).done(100);
    const all = await Promise.all(Array.from({ length: 13 }, () => settled(gate.enter('sku', 1))));
    expect(all.filter((x) => x.done)).toHaveLength(10);
  });

  it('with nothing under way, always lets an attempt go (the database decides)', async () => {
    const gate = new UnitsGate();
    (await gate.enter('sku', 1) as Pass).done(0);
    expect(await gate.enter('sku', 1)).not.toBe('taken');
  });
});

describe('the gate under a crowd', () => {
  it('lets a waiter go at once when those ahead of it are answered taken and its own units still fit', async () => {
    const gate = new UnitsGate();
    const first = (await gate.enter('sku', 1)) as Pass;
    // Nothing known yet: these wait for the first answer.
    const waiting = [settled(gate.enter('sku', 2)), settled(gate.enter('sku', 2)), settled(gate.enter('sku', 2)), settled(gate.enter('sku', 1))];
    first.done(5);
    const [a, b, c, d] = await Promise.all(waiting);
    expect([a.value, b.value].every((x) => x && x !== 'taken')).toBe(true); // 4 of the 5 units under way
    expect(c.value).toBe('taken'); // 2 more cannot fit
    expect(d.done).toBe(true); // 1 more fits: it goes now, not at the next arrival
    expect(d.value).not.toBe('taken');
  });

  it('answers each of thousands arriving for units all under way on arrival, and keeps the ones who can still win', async () => {
    const gate = new UnitsGate();
    (await gate.enter('sku', 1) as Pass).done(1000);
    const crowd = await Promise.all(Array.from({ length: 5000 }, () => settled(gate.enter('sku', 1))));
    expect(crowd.filter((x) => x.done && x.value !== 'taken')).toHaveLength(SLOTS);
    expect(crowd.filter((x) => !x.done)).toHaveLength(1000 - SLOTS);
    expect(crowd.filter((x) => x.value === 'taken')).toHaveLength(4000);
  });
});

describe('arrivals (attempts counted before they are ready to go)', () => {
  it('are counted ahead of later ones from a read of the units left, holding no slot until they enter', async () => {
    const gate = new UnitsGate();
    gate.learn('gift', 2);
    const [a, b] = [gate.arrive('gift', 1), gate.arrive('gift', 1)];
    expect([a, b].every((x) => x !== 'taken')).toBe(true);
    // The two arrived before it take both units: the third is answered on arrival, though nothing went yet.
    expect(gate.arrive('gift', 1)).toBe('taken');
    // More attempts than slots may wait arrived: none holds a slot.
    const many = new UnitsGate();
    many.learn('gift', SLOTS + 2);
    const arrived = Array.from({ length: SLOTS + 2 }, () => many.arrive('gift', 1));
    expect(arrived.every((x) => x !== 'taken')).toBe(true);
    const last = arrived[SLOTS + 1] as Exclude<typeof arrived[number], 'taken'>;
    expect(await last.enter()).not.toBe('taken');
  });

  it('give their unit back when dropped before entering', async () => {
    const gate = new UnitsGate();
    gate.learn('gift', 1);
    const a = gate.arrive('gift', 1);
    expect(gate.arrive('gift', 1)).toBe('taken');
    (a as Exclude<typeof a, 'taken'>).drop();
    const b = gate.arrive('gift', 1);
    expect(b).not.toBe('taken');
    const pass = await (b as Exclude<typeof b, 'taken'>).enter();
    expect(pass).not.toBe('taken');
    // Dropped after entering: nothing (the pass is what counts then).
    (b as Exclude<typeof b, 'taken'>).drop();
    expect(gate.arrive('gift', 1)).toBe('taken');
    (pass as Pass).done(0);
  });

  it('a read teaches only a gate that knows nothing and has nothing of its own under way', async () => {
    const gate = new UnitsGate();
    const first = (await gate.enter('gift', 1)) as Pass;
    gate.learn('gift', 50); // its attempt may have run before the read: not taught
    first.done(1);
    gate.learn('gift', 50); // an answer is fresher than any read
    const [a, b] = [gate.arrive('gift', 1), gate.arrive('gift', 1)];
    expect(a).not.toBe('taken');
    expect(b).toBe('taken');
  });
});
