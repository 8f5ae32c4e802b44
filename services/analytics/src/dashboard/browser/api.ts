/// <reference lib="dom" />

const storageKey = 'ctp.dashboard.apiKey';

/** The analyst's API key, kept for this browser tab only. */
export const session = {
  key: (): string | null => sessionStorage.getItem(storageKey),
  save: (key: string): void => sessionStorage.setItem(storageKey, key.trim()),
  clear: (): void => sessionStorage.removeItem(storageKey),
};

/** The API refused the key (401) or its role (403). */
export class AccessRefused extends Error {
  constructor(readonly status: 401 | 403, message: string) {
    super(message);
  }
}

async function problemDetail(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as { detail?: string; title?: string };
    return problem.detail ?? problem.title ?? text;
  } catch {
    return text;
  }
}

/**
 * How a panel takes figures: an answer counted up to `maxStaleSeconds` ago while newer events wait to be counted
 * (the service counts them again in the background), and `stale` told of each such answer with its age.
 */
export interface AnswerPolicy {
  readonly maxStaleSeconds: number;
  stale(ageSeconds: number): void;
}

/** GET a JSON answer of the API with the session's key. */
export async function getJson<T>(path: string, policy?: AnswerPolicy): Promise<T> {
  const key = session.key();
  if (key === null) throw new AccessRefused(401, 'no API key');
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'application/json' };
  if (policy) headers['cache-control'] = `max-stale=${policy.maxStaleSeconds}`;
  const response = await fetch(path, { headers });
  if (response.status === 401 || response.status === 403) throw new AccessRefused(response.status, await problemDetail(response));
  if (!response.ok) throw new Error(`${response.status}: ${await problemDetail(response)}`);
  if (response.headers.get('x-ctp-answer') === 'stale') policy?.stale(Number(response.headers.get('age') ?? 0));
  return (await response.json()) as T;
}

/** GET a table route as CSV (format=csv) with the session's key. */
export async function getCsv(path: string): Promise<Blob> {
  const key = session.key();
  if (key === null) throw new AccessRefused(401, 'no API key');
  const response = await fetch(`${path}${path.includes('?') ? '&' : '?'}format=csv`, { headers: { authorization: `Bearer ${key}`, accept: 'text/csv' } });
  if (response.status === 401 || response.status === 403) throw new AccessRefused(response.status, await problemDetail(response));
  if (!response.ok) throw new Error(`${response.status}: ${await problemDetail(response)}`);
  return response.blob();
}

export type Row = Record<string, unknown>;
export interface Table {
  readonly meta: Row;
  readonly columns: string[];
  readonly rows: Row[];
}
