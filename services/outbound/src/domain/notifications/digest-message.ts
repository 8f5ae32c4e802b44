import { notificationKinds, type NotificationKind } from '@ctp/contracts';

export interface PendingNotification {
  readonly kind: NotificationKind;
  /** What it is about: `case K-1`, `customer C-1`, `improvement action A-1`. */
  readonly about: string;
  /** Which clock, obligation or step: `first_response`, `callback`, `level 2, manual`. */
  readonly detail: string;
  /** The deadline it concerns; null for an escalation, which has none of its own. */
  readonly deadline: string | null;
  readonly raisedAt: string;
}

/** Each kind named once and counted: [one, many]. */
const names: Record<NotificationKind, readonly [string, string]> = {
  sla_warning: ['SLA warning', 'SLA warnings'],
  sla_breached: ['SLA breached', 'SLA breached'],
  case_escalated: ['escalated case', 'escalated cases'],
  contact_overdue: ['overdue contact', 'overdue contacts'],
  contact_escalated: ['escalated contact', 'escalated contacts'],
  follow_up_overdue: ['overdue follow-up', 'overdue follow-ups'],
  improvement_overdue: ['overdue improvement action', 'overdue improvement actions'],
};

const lineOf = ({ kind, about, detail, deadline, raisedAt }: PendingNotification) =>
  `- ${names[kind][0]}: ${about}, ${detail}${deadline === null ? '' : `, due ${deadline}`} (raised ${raisedAt})`;

/** One message for everything a person is due to hear at once: a subject counting them, a line each, oldest first. */
export function digestMessage(notifications: readonly PendingNotification[]): { subject: string; text: string } {
  const ordered = [...notifications].sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.about.localeCompare(b.about));
  const counts = notificationKinds
    .map((kind) => [kind, ordered.filter((notification) => notification.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${names[kind][count === 1 ? 0 : 1]}`);
  return { subject: `[ctp] ${counts.join(', ')}`, text: `${ordered.map(lineOf).join('\n')}\n` };
}
