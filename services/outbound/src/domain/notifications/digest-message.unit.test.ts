import { describe, expect, it } from 'vitest';
import { digestMessage, type PendingNotification } from './digest-message.js';

const warning = (about: string, raisedAt: string): PendingNotification => ({ kind: 'sla_warning', about, detail: 'first_response', deadline: '2026-03-04T03:00:00.000Z', raisedAt });

describe('a digest message', () => {
  it('given one warning, then a subject in the singular and one line', () => {
    expect(digestMessage([warning('case K-1', '2026-03-04T02:00:00.000Z')])).toEqual({
      subject: '[ctp] 1 SLA warning',
      text: '- SLA warning: case K-1, first_response, due 2026-03-04T03:00:00.000Z (raised 2026-03-04T02:00:00.000Z)\n',
    });
  });

  it('given several kinds, then each counted in the subject and the lines oldest first', () => {
    const message = digestMessage([
      warning('case K-2', '2026-03-04T02:05:00.000Z'),
      { kind: 'contact_overdue', about: 'customer C-1', detail: 'callback', deadline: '2026-03-03T10:00:00.000Z', raisedAt: '2026-03-04T02:01:00.000Z' },
      warning('case K-1', '2026-03-04T02:00:00.000Z'),
    ]);
    expect(message.subject).toBe('[ctp] 2 SLA warnings, 1 overdue contact');
    expect(message.text.split('\n').filter(Boolean).map((line) => line.split(',')[0])).toEqual(['- SLA warning: case K-1', '- overdue contact: customer C-1', '- SLA warning: case K-2']);
  });
});
