export const notificationKinds = ['sla_warning', 'sla_breached', 'contact_overdue'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface PendingNotification {
  readonly kind: NotificationKind;
  /** What it is about: `case K-1`, `customer C-1`. */
  readonly about: string;
  /** Which clock or obligation: `first_response`, `callback`. */
  readonly detail: string;
  readonly deadline: string;
  readonly raisedAt: string;
}

const labels: Record<NotificationKind, string> = { sla_warning: 'SLA warning', sla_breached: 'SLA breached', contact_overdue: 'overdue contact' };

/** One message for everything a person is due to hear at once: a subject counting them, a line each, oldest first. */
export function digestMessage(notifications: readonly PendingNotification[]): { subject: string; text: string } {
  const ordered = [...notifications].sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.about.localeCompare(b.about));
  const counts = notificationKinds
    .map((kind) => [kind, ordered.filter((notification) => notification.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${labels[kind]}${count === 1 ? '' : 's'}`);
  const lines = ordered.map((notification) => `- ${labels[notification.kind]}: ${notification.about}, ${notification.detail}, due ${notification.deadline} (raised ${notification.raisedAt})`);
  return { subject: `[ctp] ${counts.join(', ')}`, text: `${lines.join('\n')}\n` };
}
