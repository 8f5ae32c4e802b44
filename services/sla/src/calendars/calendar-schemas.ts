import { calendarDocumentSchema } from '@ctp/calendar';
import { calendarIdSchema, isoDateTimeSchema } from '@ctp/contracts';
import { z } from 'zod';

const { id: _pathNamesIt, ...documentFields } = calendarDocumentSchema.shape;

/**
 * A calendar document without its id (the path names it). The fields are checked as
 * calendarDocumentSchema checks them, then the whole document (a date listed twice across the lists).
 */
export const calendarBodySchema = z.strictObject(documentFields).superRefine((document, context) => {
  const whole = calendarDocumentSchema.safeParse({ ...document, id: 'placeholder' });
  if (!whole.success) for (const { path, message } of whole.error.issues) context.addIssue({ code: 'custom', path, message });
});

export const calendarParamsSchema = z.object({ calendarId: calendarIdSchema });

export const effectiveFromSchema = isoDateTimeSchema.describe('when the version starts to count: not before now, after the previous version’s; default now');

const counted = z.object({ start: z.string(), end: z.string(), version: z.int() });

export const segmentsSchema = z.array(counted).describe('the working segments that counted, as ISO instants in the calendar’s zone, each with the calendar version it counted on');

export const publishedSchema = z.object({ calendarId: z.string(), version: z.int(), effectiveFrom: z.string(), position: z.string() });

export const versionSummarySchema = z.object({ version: z.int(), effectiveFrom: z.string(), publishedAt: z.string(), position: z.string() });
