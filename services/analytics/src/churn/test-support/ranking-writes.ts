import { exclusiveSections, type Exclusive } from '@ctp/service-kit';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { afterAll } from 'vitest';

/** The rankings' writes one at a time through the real PostgreSQL's advisory lock, as the service runs them; its pool ends after the file's tests. */
export function rankingWritesForTests(): Exclusive {
  const sections = exclusiveSections(postgresUrl());
  afterAll(() => sections.close());
  return sections.named(`ctp-churn-rankings:${uniqueName('test')}`);
}
