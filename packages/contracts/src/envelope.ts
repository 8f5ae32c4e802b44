import { z } from 'zod';
import { actorSchema } from './actor.js';
import { globalPositionSchema } from './position.js';
import { isoDateTimeSchema } from './primitives.js';
import { streamIdSchema } from './streams.js';

export const traceparentSchema = z
  .string()
  .regex(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, { abort: true })
  .refine((value) => !/^00-0{32}-/.test(value) && !/-0{16}-[0-9a-f]{2}$/.test(value), 'all-zero trace or parent id')
  .meta({ title: 'Traceparent' });

const correlationSchema = z.string().min(1).max(128);

export const eventToAppendSchema = z.strictObject({
  id: z.uuid(),
  type: z.string().regex(/^[A-Z][A-Za-z0-9]{0,99}$/),
  schemaVersion: z.int().min(1),
  streamId: streamIdSchema,
  occurredAt: isoDateTimeSchema,
  correlationId: correlationSchema,
  causationId: correlationSchema.nullable(),
  actor: actorSchema,
  traceparent: traceparentSchema.nullable(),
  data: z.unknown(),
});

export const recordedEventSchema = eventToAppendSchema.extend({
  revision: z.int().min(0),
  globalPosition: globalPositionSchema,
  recordedAt: isoDateTimeSchema,
});

type AppendShape = Omit<z.infer<typeof eventToAppendSchema>, 'type' | 'data'>;
type RecordedShape = Omit<z.infer<typeof recordedEventSchema>, 'type' | 'data'>;

/** An event as a command handler hands it to the store: position, revision and recordedAt come later. */
export type EventToAppend<TType extends string = string, TData = unknown> = AppendShape & {
  type: TType;
  data: TData;
};

export type RecordedEvent<TType extends string = string, TData = unknown> = RecordedShape & {
  type: TType;
  data: TData;
};

export type EventMetadata = Omit<AppendShape, 'schemaVersion'>;
