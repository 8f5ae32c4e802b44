export const notificationKinds = ['sla_warning', 'sla_breached'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface PendingNotification {
  readonly kind: NotificationKind;
  readonly caseId: string;
  readonly metric: string;
  readonly deadline: string;
  readonly raisedAt: string;
}

const labels: Record<NotificationKind, string> = { sla_warning: 'SLA warning', sla_breached: 'SLA breached' };

/** One message for everything a person is due to hear at once: a subject counting them, a line each, oldest first. */
export function digestMessage(notifications: readonly PendingNotification[]): { subject: string; text: string } {
  const ordered = [...notifications].sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.caseId.localeCompare(b.caseId));
  const counts = notificationKinds
    .map((kind) => [kind, ordered.filter((notification) => notification.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${labels[kind]}${count === 1 ? '' : 's'}`);
  const lines = ordered.map((notification) => `- ${labels[notification.kind]}: case ${notification.caseId}, ${notification.metric}, deadline ${notification.deadline} (raised ${notification.raisedAt})`);
  return { subject: `[ctp] ${counts.join(', ')}`, text: `${lines.join('\n')}\n` };
}
