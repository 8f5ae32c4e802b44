export interface ConsumerFacts {
  readonly state: string;
  readonly ready: boolean;
  /** Why it is not ready (the runtime's ConsumerHealth). */
  readonly reason: string | null;
  /** The error it crashed on. */
  readonly error: string | null;
  readonly members: number | null;
  readonly parked: number | null;
  /** Why the figures could not be read, if they could not. */
  readonly unreadable: string | null;
}

/** Healthy, or each reason it is not: stopped or crashed, not making progress, no member in the group, dead letters parked. */
export function consumerHealth(facts: ConsumerFacts): { healthy: boolean; problems: string[] } {
  const problems: string[] = [];
  if (facts.state !== 'running') problems.push(`consumer ${facts.state}${facts.error ? `: ${facts.error}` : ''}`);
  else if (!facts.ready) problems.push(`not making progress${facts.reason ? `: ${facts.reason}` : ''}`);
  if (facts.members === 0) problems.push('no member in its consumer group');
  if (facts.parked !== null && facts.parked > 0) problems.push(`${facts.parked} dead letter(s) parked`);
  if (facts.unreadable !== null) problems.push(`figures unreadable: ${facts.unreadable}`);
  return { healthy: problems.length === 0, problems };
}

/** A timer kind is unhealthy while any of its timers is parked or failing. */
export function timerHealth(counts: { readonly failing: number; readonly parked: number }): { healthy: boolean; problems: string[] } {
  const problems: string[] = [];
  if (counts.parked > 0) problems.push(`${counts.parked} timer(s) parked`);
  if (counts.failing > 0) problems.push(`${counts.failing} timer(s) failing`);
  return { healthy: problems.length === 0, problems };
}

/** Rate and remaining time of a rebuild, the remaining part estimated from global positions (the store's head against the rebuild's position). */
export function rebuildPace(progress: { readonly events: number; readonly position: string | null; readonly head: string | null; readonly elapsedMs: number }): { eventsPerSecond: number | null; etaSeconds: number | null; percent: number | null } {
  const seconds = progress.elapsedMs / 1_000;
  const eventsPerSecond = seconds > 0 ? Math.round(progress.events / seconds) : null;
  if (progress.head === null || progress.position === null) return { eventsPerSecond, etaSeconds: progress.head === null ? 0 : null, percent: progress.head === null ? 100 : 0 };
  const head = Number(progress.head);
  const position = Number(progress.position);
  const percent = head > 0 ? Math.min(100, Math.round((position / head) * 1000) / 10) : 100;
  const etaSeconds = position >= head ? 0 : seconds > 0 && position > 0 ? Math.round(((head - position) * seconds) / position) : null;
  return { eventsPerSecond, etaSeconds, percent };
}
