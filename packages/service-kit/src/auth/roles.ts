/**
 * `privacy` requests erasures and nothing else (an integrator may not: erasure cannot be undone);
 * see docs/security.md for what each role may do.
 */
export const roles = ['integrator', 'agent', 'analyst', 'auditor', 'admin', 'privacy'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
