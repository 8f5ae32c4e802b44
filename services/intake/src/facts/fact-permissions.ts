import { boundTo, type ApiKeyPrincipal } from '@ctp/service-kit';
import type { States } from '../rules/customer-state.js';
import type { FieldIssue } from './fact-batch.js';

interface TypedFact {
  readonly type: string;
  readonly customerId: string;
  readonly data: Record<string, unknown>;
}

/**
 * Who may send which fact (docs/security.md, "Roles"): an erasure cannot be undone, so only the
 * privacy role requests one, and that role sends nothing else; a merge comes from admin or from
 * an integrator bound to the source system of every customer it names (checked against the
 * streams by `mergeBindingIssues`); everything else from integrators.
 */
export function roleIssues(principal: ApiKeyPrincipal, facts: readonly TypedFact[]): FieldIssue[] {
  return facts.flatMap((fact, index): FieldIssue[] => {
    const path = `body.events[${index}].type`;
    if (fact.type === 'CustomerErasureRequested') {
      return principal.role === 'privacy' ? [] : [{ index, path, message: `only the privacy role may request an erasure, not ${principal.role}` }];
    }
    if (principal.role === 'privacy') return [{ index, path, message: 'the privacy role may send only CustomerErasureRequested' }];
    if (fact.type === 'CustomersMerged') return principal.role === 'admin' || principal.role === 'integrator' ? [] : [{ index, path, message: `role ${principal.role} may not merge customers` }];
    return principal.role === 'integrator' ? [] : [{ index, path, message: `role ${principal.role} may send only CustomersMerged` }];
  });
}

/**
 * An integrator registers customers only for a source system its key is bound to (`*`: any, the
 * development key); a key bound to none registers no one. Other facts name no source system.
 */
export function sourceBindingIssues(principal: ApiKeyPrincipal, facts: readonly TypedFact[]): FieldIssue[] {
  if (principal.role !== 'integrator') return [];
  return facts.flatMap((fact, index): FieldIssue[] => {
    if (fact.type !== 'CustomerRegistered') return [];
    const system = (fact.data.source as { system?: unknown } | undefined)?.system;
    if (typeof system !== 'string' || boundTo(principal, system)) return [];
    const bound = principal.sourceSystems?.join(', ') ?? 'no source system';
    return [{ index, path: `body.events[${index}].data.source.system`, message: `key ${principal.keyId} (bound to ${bound}) may not register customers of source system ${system}` }];
  });
}

/** An integrator's merge names only customers registered by a source system its key is bound to. */
export function mergeBindingIssues(principal: ApiKeyPrincipal, facts: readonly TypedFact[], states: States): FieldIssue[] {
  if (principal.role === 'admin') return [];
  return facts.flatMap((fact, index): FieldIssue[] => {
    if (fact.type !== 'CustomersMerged') return [];
    const ids = [fact.customerId, ...((fact.data.mergedAwayIds as string[] | undefined) ?? [])];
    const foreign = ids.filter((id) => {
      const system = states.get(id)?.sourceSystem;
      return system !== undefined && !boundTo(principal, system);
    });
    if (foreign.length === 0) return [];
    const bound = principal.sourceSystems?.join(', ') ?? 'no source system';
    return [{ index, path: `body.events[${index}]`, message: `key ${principal.keyId} (bound to ${bound}) may not merge ${foreign.join(', ')}, registered by another source system` }];
  });
}
