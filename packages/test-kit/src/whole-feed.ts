/** An event store's gap-safe feed and its newest committed position (the store port's two reads). */
export interface FeedReader<E extends { readonly globalPosition: string }> {
  readAll(options: { after: string | null; limit: number }): Promise<E[]>;
  newestPosition(): Promise<string | null>;
}

const pageSize = 10_000;

/**
 * Every event after `after` up to the newest one committed when called. The feed is gap-safe: while any transaction
 * of the cluster that might be an append is in flight it holds back what it returns, so a single `readAll` right
 * after an append can miss its last events when other tests share the server. This reads until the newest is in.
 */
export async function wholeFeed<E extends { readonly globalPosition: string }>(reader: FeedReader<E>, after: string | null = null, timeoutMs = 30_000): Promise<E[]> {
  const newest = await reader.newestPosition();
  const deadline = Date.now() + timeoutMs;
  const events: E[] = [];
  for (let cursor = after; newest !== null && (cursor === null || BigInt(cursor) < BigInt(newest)); ) {
    const page = await reader.readAll({ after: cursor, limit: pageSize });
    if (page.length > 0) {
      events.push(...page);
      cursor = page.at(-1)!.globalPosition;
    } else if (Date.now() > deadline) {
      throw new Error(`the feed stayed at ${cursor ?? 'its start'} for ${timeoutMs} ms, short of the newest position ${newest}`);
    } else {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return events;
}
