import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { findByIds } from '@ctp/projections';
import { entriesOf, type ListingDocuments } from '../metrics/listing-documents.js';
import { chunkInstants, type ChunkInstants } from './buyer-instants.js';
import type { BuyerEntry } from './buyer-listing.js';

const unzipped = promisify(gunzip);

/** A chunk of the buyers' listing as the cache keeps it: its entries' JSON gzipped, and its buyers' purchase instants. */
export interface CachedChunk {
  readonly instants: ChunkInstants;
  entries(): Promise<readonly BuyerEntry[]>;
}

/**
 * The chunks of the buyers' listing this process has read, by id: a chunk's id names its content for good (a batch that
 * changes a chunk writes it under a new id), so a kept chunk never goes stale. Each is kept gzipped (about a quarter of
 * its JSON) with its buyers' purchase instants, so a page can tell which chunks hold its selection without reading or
 * unzipping the others. `retain` drops the chunks a directory no longer names.
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

async function cachedChunk(stored: Parameters<typeof entriesOf>[0]): Promise<CachedChunk> {
  const entries = await entriesOf<BuyerEntry>(stored);
  const zipped = stored.entriesGzip === undefined ? null : Buffer.from(stored.entriesGzip, 'base64');
  const plain = zipped === null ? stored.entries! : null;
  return {
    instants: chunkInstants(entries),
    entries: async () => JSON.parse(zipped === null ? plain! : (await unzipped(zipped)).toString('utf8')) as BuyerEntry[],
  };
}
