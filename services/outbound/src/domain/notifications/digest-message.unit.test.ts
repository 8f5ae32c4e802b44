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

describe('a digest message of escalations and overdue tasks', () => {
  it('given an escalation (no deadline of its own), then its line names no due time; each kind counted in its own words', () => {
    const message = digestMessage([
      { kind: 'case_escalated', about: 'case K-1', detail: 'level 2, resolution breached', deadline: null, raisedAt: '2026-03-04T02:00:00.000Z' },
      { kind: 'case_escalated', about: 'case K-2', detail: 'level 1, manual', deadline: null, raisedAt: '2026-03-04T02:01:00.000Z' },
      { kind: 'follow_up_overdue', about: 'customer C-1', detail: 'follow-up F-1', deadline: '2026-03-04T01:00:00.000Z', raisedAt: '2026-03-04T02:02:00.000Z' },
      { kind: 'improvement_overdue', about: 'improvement action A-1', detail: 'in_progress', deadline: '2026-03-03', raisedAt: '2026-03-04T02:03:00.000Z' },
      { kind: 'contact_escalated', about: 'customer C-2', detail: 'obligation C-2:1, level 2 (team_lead)', deadline: null, raisedAt: '2026-03-04T02:04:00.000Z' },
    ]);
    expect(message.subject).toBe('[ctp] 2 escalated cases, 1 escalated contact, 1 overdue follow-up, 1 overdue improvement action');
    expect(message.text.split('\n')[0]).toBe('- escalated case: case K-1, level 2, resolution breached (raised 2026-03-04T02:00:00.000Z)');
    expect(message.text.split('\n')[3]).toBe('- overdue improvement action: improvement action A-1, in_progress, due 2026-03-03 (raised 2026-03-04T02:03:00.000Z)');
  });
});
