import type { Role, ServiceName, Target } from './operations.js';

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** The answer's `retry-after` in ms (a 429 or 503 says when to ask again), or null. */
  readonly retryAfterMs?: number | null;
}

/** A `retry-after` header in seconds as ms; null when absent or not a number of seconds. */
export function retryAfterMsOf(header: string | null): number | null {
  const seconds = header === null || header.trim() === '' ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** One request; a network failure answers status 0 with the error's code as `code`. */
export async function send(target: Target, service: ServiceName, role: Role, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${target.keys[role]}` };
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${target.urls[service]}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { detail: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed, retryAfterMs: retryAfterMsOf(response.headers.get('retry-after')) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { status: 0, body: { code: cause?.code ?? (error as Error).name } };
  }
}

/** What kind of failure an answer is, for counting: `<service> <status> <problem code or rule>`. */
export function errorKind(service: ServiceName, { status, body }: Answer): string {
  const errors = Array.isArray(body.errors) ? (body.errors as { rule?: string }[]) : [];
  const detail = errors.find(({ rule }) => rule)?.rule ?? (typeof body.code === 'string' ? body.code : '');
  return `${service} ${status}${detail ? ` ${detail}` : ''}`;
}
