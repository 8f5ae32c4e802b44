import { describe, expect, it } from 'vitest';
import { timeSlices } from './give-way.js';

describe('timeSlices', () => {
  it('lets the event loop turn once a slice has run out, and not before', async () => {
    let clock = 0;
    const giveWay = timeSlices(10, () => clock);
    const turned: string[] = [];
    setImmediate(() => turned.push('loop turned'));
    clock = 9;
    await giveWay();
    turned.push('within the slice');
    clock = 10;
    await giveWay();
    turned.push('after the slice');
    expect(turned).toEqual(['within the slice', 'loop turned', 'after the slice']);
  });

  it('starts a new slice after turning', async () => {
    let clock = 0;
    const giveWay = timeSlices(10, () => clock);
    clock = 15;
    await giveWay();
    const turned: string[] = [];
    setImmediate(() => turned.push('loop turned'));
    clock = 24;
    await giveWay();
    turned.push('within the new slice');
    expect(turned).toEqual(['within the new slice']);
  });
});
