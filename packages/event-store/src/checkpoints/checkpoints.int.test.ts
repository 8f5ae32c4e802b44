import { toGlobalPosition } from '@ctp/contracts';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { checkpointStoreFor, publishedPositionReader } from './checkpoint-store.js';

describe('relay checkpoints beside a PostgreSQL event store', () => {
  it('never move back; the published position is the default relay’s checkpoint, none before it saved one', async () => {
    const schema = uniqueName('cp');
    const checkpoints = await checkpointStoreFor(postgresUrl(), schema);
    const published = await publishedPositionReader(postgresUrl(), schema);
    const other = await publishedPositionReader(postgresUrl(), schema, 'other-relay');
    try {
      expect(await published.position()).toBeNull();
      await checkpoints.save('relay', toGlobalPosition('42'));
      await checkpoints.save('relay', toGlobalPosition('7'));
      await checkpoints.save('other-relay', toGlobalPosition('99'));
      expect(await checkpoints.load('relay')).toBe('42');
      expect(await published.position()).toBe('42');
      expect(await other.position()).toBe('99');
    } finally {
      await Promise.all([checkpoints.close(), published.close(), other.close()]);
    }
  });

  it('are created once when several processes open the same new schema at once', async () => {
    const schema = uniqueName('cp');
    const stores = await Promise.all(Array.from({ length: 6 }, () => checkpointStoreFor(postgresUrl(), schema)));
    try {
      await stores[0]!.save('relay', toGlobalPosition('5'));
      expect(await stores[5]!.load('relay')).toBe('5');
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
