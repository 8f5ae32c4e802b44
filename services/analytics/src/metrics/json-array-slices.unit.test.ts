import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elementOffsets, elementsAt } from './json-array-slices.js';

const entry = fc.tuple(fc.string({ unit: 'grapheme' }), fc.array(fc.tuple(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer())), fc.array(fc.string()), fc.boolean());

describe('elements of a JSON array text, parsed alone', () => {
  it('answers every element as the whole parse does, strings beyond ASCII among them', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (elements) => {
        const text = JSON.stringify(elements);
        const offsets = elementOffsets(text, JSON.parse(text) as unknown[]);
        expect(offsets).not.toBeNull();
        const indexes = elements.map((_, n) => n).reverse();
        expect(elementsAt(text, offsets, indexes)).toEqual(indexes.map((n) => (JSON.parse(text) as unknown[])[n]));
      }),
    );
  });

  it('has no offsets for a text JSON.stringify would not write, and still answers its elements from a whole parse', () => {
    const text = '[ ["C-1", [], [], false], ["Zoë", [["P-1", 1.5, 2]], [], true] ]';
    const elements = JSON.parse(text) as unknown[];
    expect(elementOffsets(text, elements)).toBeNull();
    expect(elementsAt(text, null, [1])).toEqual([elements[1]]);
    expect(elementOffsets('[]', [])).toEqual(new Uint32Array([1]));
  });
});
