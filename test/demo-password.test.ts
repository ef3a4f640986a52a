// The demo accounts' stored password hash (made once, not at each first start) signs in with the demo password only.
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../src/demo/logins.ts';
import { verifyPassword } from '../src/kernel/tokens.ts';

describe('the demo password hash', () => {
  it('accepts the demo password and refuses another', async () => {
    expect(await verifyPassword(DEMO_PASSWORD, DEMO_PASSWORD_HASH)).toBe(true);
    expect(await verifyPassword(`${DEMO_PASSWORD}x`, DEMO_PASSWORD_HASH)).toBe(false);
  });
});
