import { problems, ProblemError } from '@ctp/service-kit';
import { validatePolicySemantics, type TierPolicyDocument } from '../domain/policy.js';
import type { TieringDeps } from '../tiering-deps.js';

/** The policy's own rules and the service's reporting currency, each broken one named under `prefix`. */
export function checkSemantics(document: TierPolicyDocument, rates: TieringDeps['rates'], prefix: string) {
  const found = validatePolicySemantics(document).map(({ path, message }) => ({ path: `${prefix}.${path}`, message }));
  if (document.currency !== rates.reporting) found.push({ path: `${prefix}.currency`, message: `must be the reporting currency ${rates.reporting}` });
  if (found.length > 0) throw new ProblemError(problems.CTP_VALIDATION_FAILED, `${found.length} problem(s) in the policy`, found);
}
