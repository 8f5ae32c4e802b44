import { z } from 'zod';

const readModelsSchema = z.looseObject({
  readModels: z.array(z.looseObject({ name: z.string(), lagEvents: z.number(), eventsPerSecond: z.number().nullable() })),
});

export type ReadModelLag = z.output<typeof readModelsSchema>['readModels'][number];

/** Intake's read models as the import ends, or why they could not be read: the summary says how far behind the read side is. */
export type ReadModelsAnswer = { readonly kind: 'read'; readonly readModels: readonly ReadModelLag[] } | { readonly kind: 'unknown'; readonly reason: string };

export async function readModelsOf(options: { readonly url: string; readonly key: string; readonly timeoutMs: number }): Promise<ReadModelsAnswer> {
  try {
    const response = await fetch(new URL('/v1/read-models', options.url), {
      headers: { authorization: `Bearer ${options.key}` },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) return { kind: 'unknown', reason: `GET /v1/read-models answered ${response.status}` };
    const parsed = readModelsSchema.safeParse(await response.json());
    return parsed.success ? { kind: 'read', readModels: parsed.data.readModels } : { kind: 'unknown', reason: 'GET /v1/read-models answered an unexpected body' };
  } catch (error) {
    return { kind: 'unknown', reason: `GET /v1/read-models failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
