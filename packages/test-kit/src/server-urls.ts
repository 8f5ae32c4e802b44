import { inject } from 'vitest';
import { missingServerMessage, type ServerKind } from './servers.js';

/** The URL of a real server for this test run; throws (never skips) when there is none. */
export function serverUrl(kind: ServerKind): string {
  const info = inject('ctpServers')?.[kind];
  if (!info) throw new Error(missingServerMessage(kind, 'the test-kit global setup did not run'));
  if (!info.url) throw new Error(missingServerMessage(kind, info.missing ?? 'unknown reason'));
  return info.url;
}

export const postgresUrl = () => serverUrl('postgres');
export const kafkaBrokers = () => serverUrl('kafka').split(',');
export const mongoUrl = () => serverUrl('mongo');
