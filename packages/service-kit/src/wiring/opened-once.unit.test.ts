import { describe, expect, it } from 'vitest';
import { OpenedOnce } from './opened-once.js';

describe('a resource opened once', () => {
  it('opens on first use only, and every use meanwhile shares that opening', async () => {
    let opened = 0;
    const resource = new OpenedOnce(async () => ++opened);
    expect(resource.asked).toBe(false);
    const [first, second] = await Promise.all([resource.get(), resource.get()]);
    expect([first, second, await resource.get(), opened, resource.asked]).toEqual([1, 1, 1, 1, true]);
  });

  it('forgets a failed opening: the next use opens again (the server came back)', async () => {
    let attempts = 0;
    const resource = new OpenedOnce(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('connect ECONNREFUSED');
      return 'store';
    });
    await expect(resource.get()).rejects.toThrow('ECONNREFUSED');
    expect(resource.asked).toBe(false);
    expect(await resource.get()).toBe('store');
    expect(attempts).toBe(2);
  });
});
