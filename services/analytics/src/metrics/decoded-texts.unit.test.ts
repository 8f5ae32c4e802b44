import { describe, expect, it } from 'vitest';
import { DecodedTexts } from './decoded-texts.js';

function counting(capacity: number) {
  const decoded: string[] = [];
  const texts = new DecodedTexts((text) => {
    decoded.push(text);
    if (text === 'bad') throw new Error('not JSON');
    return JSON.parse(text) as unknown;
  }, capacity);
  return { texts, decoded };
}

describe('decoded texts', () => {
  it('decodes a text read again from the same place once, and a changed text again', async () => {
    const { texts, decoded } = counting(4);
    expect(await texts.of('db/month:2026-03', '[1,2]')).toEqual([1, 2]);
    expect(await texts.of('db/month:2026-03', '[1,2]')).toEqual([1, 2]);
    expect(await texts.of('db/month:2026-03', '[1,2,3]')).toEqual([1, 2, 3]);
    expect(decoded).toEqual(['[1,2]', '[1,2,3]']);
  });

  it('keeps each place apart, even with the same text', async () => {
    const { texts, decoded } = counting(4);
    await texts.of('db-a/month', '[1]');
    await texts.of('db-b/month', '[1]');
    expect(decoded).toEqual(['[1]', '[1]']);
  });

  it('drops the least recently used place beyond its capacity', async () => {
    const { texts, decoded } = counting(2);
    await texts.of('a', '1');
    await texts.of('b', '2');
    await texts.of('a', '1');
    await texts.of('c', '3');
    await texts.of('a', '1');
    await texts.of('b', '2');
    expect(decoded).toEqual(['1', '2', '3', '2']);
  });

  it('keeps no failed decoding: the same text is decoded again next time', async () => {
    const { texts, decoded } = counting(2);
    await expect(texts.of('a', 'bad')).rejects.toThrow('not JSON');
    await expect(texts.of('a', 'bad')).rejects.toThrow('not JSON');
    expect(decoded).toEqual(['bad', 'bad']);
  });
});
