import type { IncomingHttpHeaders } from 'node:http';
import { problems } from '../problems/catalogue.js';
import { ProblemError } from '../problems/problem.js';

/** Free-text justification of a personal-data read: a header, never the URL, so it stays out of request logs and caches. */
export const JUSTIFICATION_HEADER = 'x-access-justification';

/** The justification a request gives (percent-encoded UTF-8, decoded), none, or a 400 naming the header. */
export function justificationOf(request: { readonly headers: IncomingHttpHeaders }): string | undefined {
  const raw = request.headers[JUSTIFICATION_HEADER];
  if (raw === undefined) return undefined;
  const refuse = (message: string) =>
    new ProblemError(problems.CTP_VALIDATION_FAILED, `${JUSTIFICATION_HEADER}: ${message}`, [{ path: `header.${JUSTIFICATION_HEADER}`, message }]);
  if (typeof raw !== 'string') throw refuse('send it once');
  let text: string;
  try {
    text = decodeURIComponent(raw).trim();
  } catch {
    throw refuse('not valid percent-encoded UTF-8');
  }
  if (text.length === 0 || text.length > 2000) throw refuse('expected 1 to 2000 characters');
  return text;
}
