import { z } from 'zod';

export const roles = ['integrator', 'agent', 'analyst', 'auditor', 'admin', 'privacy'] as const;
export type Role = (typeof roles)[number];

export const actorKinds = ['api-key', 'service', 'system'] as const;
export type ActorKind = (typeof actorKinds)[number];

export const actorSchema = z.strictObject({
  kind: z.enum(actorKinds),
  id: z.string().min(1).max(200),
  role: z.enum(roles).optional(),
});

export type Actor = z.infer<typeof actorSchema>;
