import { z } from 'zod';

export const roles = ['integrator', 'agent', 'analyst', 'auditor', 'admin', 'privacy'] as const;
export type Role = (typeof roles)[number];

export const actorKinds = ['api-key', 'service', 'system'] as const;
export type ActorKind = (typeof actorKinds)[number];

export const keyHolderKinds = ['person', 'system'] as const;

/** The named person or system an API key is issued to (the key file's `holder`). */
export const keyHolderSchema = z.strictObject({
  kind: z.enum(keyHolderKinds),
  name: z.string().min(1).max(200).regex(/^\S(.*\S)?$/, 'no leading or trailing blanks'),
});
export type KeyHolder = z.infer<typeof keyHolderSchema>;

export const actorSchema = z.strictObject({
  kind: z.enum(actorKinds),
  id: z.string().min(1).max(200),
  role: z.enum(roles).optional(),
  /** Who holds the key: on events since keys name their holder; older events have none. */
  holder: keyHolderSchema.optional(),
});

export type Actor = z.infer<typeof actorSchema>;
