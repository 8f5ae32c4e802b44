import { calendarDocumentSchema } from '@ctp/calendar';
import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { isoDateTimeSchema } from '../../primitives.js';

export const calendarVersionPublished = defineEvent({
  type: 'CalendarVersionPublished',
  category: 'calendar',
  version: 1,
  description:
    'An admin published a version of a business calendar. It counts from effectiveFrom on; time counted before stays counted on the versions it was counted on (docs/calendars.md).',
  schema: z.strictObject({
    calendar: calendarDocumentSchema,
    effectiveFrom: isoDateTimeSchema.describe('when this version starts to count: its publication, unless the admin set a later instant'),
  }),
  personalFields: [],
  subject: null,
});
