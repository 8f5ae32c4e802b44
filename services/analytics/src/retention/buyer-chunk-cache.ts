import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { findByIds } from '@ctp/projections';
import type { ChunkDocument, ListingDocuments } from '../metrics/listing-documents.js';
import { elementOffsets, elementsAt } from '../metrics/json-array-slices.js';
import { chunkInstants, type ChunkInstants } from './buyer-instants.js';
import type { BuyerEntry } from './buyer-listing.js';

const unzipped = promisify(gunzip);

/** A chunk of the buyers' listing as the cache keeps it: its entries' JSON gzipped, and its buyers' purchase instants. */
export interface CachedChunk {
  readonly instants: ChunkInstants;
  /** The entries at these indexes of `instants.ids`, each parsed alone (a page needs a few of a chunk's 250). */
  entriesAt(indexes: readonly number[]): Promise<readonly BuyerEntry[]>;
}

/**
 * The chunks of the buyers' listing this process has read, by id: a chunk's id names its content for good (a batch that
 * changes a chunk writes it under a new id), so a kept chunk never goes stale. Each is kept gzipped (about a quarter of
 * its JSON) with its buyers' purchase instants and where each entry starts in that JSON, so a page can tell which chunks
 * hold its selection without reading or unzipping the others, and parses only the entries it picks. `retain` drops the chunks a directory no longer names.
 */
export class BuyerChunkCache {
  private readonly chunks = new Map<string, CachedChunk>();

  /** The chunks with these ids: kept ones at once, the others read by `_id` and kept (missing ones left out: retired). */
  async read(documents: ListingDocuments, ids: readonly string[]): Promise<Map<string, CachedChunk>> {
    const missing = ids.filter((id) => !this.chunks.has(id));
    for (const stored of await findByIds(documents.chunks, missing)) this.chunks.set(stored._id, await cachedChunk(stored));
    return new Map(ids.flatMap((id) => (this.chunks.has(id) ? [[id, this.chunks.get(id)!] as const] : [])));
  }

  /** Keeps only the chunks with these ids: those of the directory in force. */
  retain(ids: readonly string[]): void {
    const named = new Set(ids);
    for (const id of this.chunks.keys()) if (!named.has(id)) this.chunks.delete(id);
  }
}

async function cachedChunk({ entries: plain, entriesGzip }: ChunkDocument): Promise<CachedChunk> {
  const zipped = entriesGzip === undefined ? null : Buffer.from(entriesGzip, 'base64');
  const text = async () => (zipped === null ? plain! : (await unzipped(zipped)).toString('utf8'));
  const first = await text();
  const entries = JSON.parse(first) as BuyerEntry[];
  const offsets = elementOffsets(first, entries);
  return {
    instants: chunkInstants(entries),
    entriesAt: async (indexes) => elementsAt<BuyerEntry>(await text(), offsets, indexes),
  };
}
