/**
 * Where each element of a JSON array's text starts, for texts `JSON.stringify` wrote (no spaces): element n is
 * `text.slice(offsets[n], offsets[n + 1] - 1)`, so one element is parsed without the others. Null when the text is
 * not `JSON.stringify(elements)` itself (then only a whole parse reads it).
 */
export function elementOffsets(text: string, elements: readonly unknown[]): Uint32Array | null {
  const parts = elements.map((element) => JSON.stringify(element));
  if (`[${parts.join(',')}]` !== text) return null;
  const offsets = new Uint32Array(elements.length + 1);
  offsets[0] = 1;
  parts.forEach((part, n) => (offsets[n + 1] = offsets[n]! + part.length + 1));
  return offsets;
}

/** The elements at `indexes` of the array `text` holds, each parsed alone when `offsets` are known. */
export function elementsAt<T>(text: string, offsets: Uint32Array | null, indexes: readonly number[]): T[] {
  if (offsets === null) {
    const all = JSON.parse(text) as T[];
    return indexes.map((n) => all[n]!);
  }
  return indexes.map((n) => JSON.parse(text.slice(offsets[n]!, offsets[n + 1]! - 1)) as T);
}
