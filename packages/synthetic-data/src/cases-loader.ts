import type { DemoCase, DemoCaseStep } from './cases.js';
import { fetchPatiently } from './patient-fetch.js';

export interface LoadCasesOptions {
  /** sla's base URL, e.g. http://127.0.0.1:8083. */
  readonly url: string;
  /** An integrator's API key. */
  readonly apiKey: string;
  readonly concurrency?: number;
}

export interface LoadCasesResult {
  /** Cases opened now, and their steps recorded. */
  opened: number;
  steps: number;
  /** Cases sla already had (opened by an earlier load): their steps are not sent again. */
  existing: number;
  /** Refusals by rule code (`unknown_customer` for a demo customer erased since), each case counted once. */
  refused: Record<string, number>;
  /** The first few unexpected answers, as `POST <path>: <status> <detail>`. */
  failures: string[];
}

/** Refused by a business rule (422 with a rule code), or answered unexpectedly. */
class Unexpected extends Error {
  constructor(
    readonly rule: string | null,
    message: string,
  ) {
    super(message);
  }
}

const stepPath: Readonly<Record<DemoCaseStep['kind'], string>> = { reply: 'replies', customer_message: 'customer-messages', status: 'status' };

function stepBody(step: DemoCaseStep): Record<string, string> {
  const { kind: _kind, ...body } = step;
  return body;
}

async function post(options: LoadCasesOptions, path: string, body: unknown, idempotencyKey?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetchPatiently(`${options.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return { status: response.status, body: answer };
  const errors = Array.isArray(answer.errors) ? (answer.errors as { rule?: string; message?: string }[]) : [];
  const rule = response.status === 422 ? (errors.find(({ rule }) => rule)?.rule ?? null) : null;
  const detail = [answer.detail, ...errors.map(({ message }) => message)].filter(Boolean).join('; ');
  throw new Unexpected(rule, `POST ${path}: ${response.status} ${detail || (answer.title ?? '')}`.trim());
}

async function loadCase(options: LoadCasesOptions, demoCase: DemoCase, result: LoadCasesResult): Promise<void> {
  const opened = await post(options, '/v1/cases', demoCase.opening);
  if (opened.status === 200) {
    result.existing++;
    return;
  }
  const caseId = String(opened.body.caseId);
  for (const [index, step] of demoCase.steps.entries()) {
    await post(options, `/v1/cases/${encodeURIComponent(caseId)}/${stepPath[step.kind]}`, stepBody(step), `${demoCase.opening.source.externalId}/${index}`);
    result.steps++;
  }
  result.opened++;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

/**
 * Posts demo cases to sla as a helpdesk integration would: the opening with its external id (posting it
 * again opens nothing), then each step with its time, in order, each with an idempotency key (so a request
 * answered 429 or 503 is sent again after its Retry-After, for up to three minutes). A case
 * refused by a business rule is counted and skipped; the load stops at the first answer that is neither.
 */
export async function loadDemoCases(cases: readonly DemoCase[], options: LoadCasesOptions): Promise<LoadCasesResult> {
  const result: LoadCasesResult = { opened: 0, steps: 0, existing: 0, refused: {}, failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < cases.length && result.failures.length === 0) {
      const demoCase = cases[next++]!;
      try {
        await loadCase(options, demoCase, result);
      } catch (error) {
        if (error instanceof Unexpected && error.rule) result.refused[error.rule] = (result.refused[error.rule] ?? 0) + 1;
        else result.failures.push(`${demoCase.opening.source.externalId}: ${describe(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return result;
}
