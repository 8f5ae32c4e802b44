import type { CustomerMessageKind } from '@ctp/contracts';
import { purposeOf } from './message-request.js';

/** At most `max` messages of a group in any rolling window of `windowMs`. */
export interface FrequencyCap {
  readonly max: number;
  readonly windowMs: number;
}

/** One cap per group of kinds: marketing (welcome, care, win_back) together; survey invitations on their own. null: no cap. */
export interface FrequencyCaps {
  readonly marketing: FrequencyCap | null;
  readonly survey: FrequencyCap | null;
}

const unitMs = { h: 3_600_000, d: 86_400_000 } as const;

/** `3/30d` or `1/12h`; a problem text otherwise. */
export function parseFrequencyCap(text: string): FrequencyCap | string {
  const match = /^(\d{1,4})\/(\d{1,4})([hd])$/.exec(text.trim());
  if (!match) return 'expected <count>/<window>, the window in hours or days: 3/30d, 1/12h';
  const cap = { max: Number(match[1]), windowMs: Number(match[2]) * unitMs[match[3] as keyof typeof unitMs] };
  return cap.max < 1 || cap.windowMs < 1 ? 'the count and the window must be at least 1' : cap;
}

/** Whether one more message of `kind` now would exceed its group's cap, counting what was sent within the window up to now. */
export function exceedsFrequencyCap(sent: readonly { readonly kind: CustomerMessageKind; readonly sentAt: string }[], kind: CustomerMessageKind, caps: FrequencyCaps, now: Date): boolean {
  const cap = caps[purposeOf(kind)];
  if (!cap) return false;
  const since = now.getTime() - cap.windowMs;
  const inWindow = sent.filter((message) => purposeOf(message.kind) === purposeOf(kind) && Date.parse(message.sentAt) > since && Date.parse(message.sentAt) <= now.getTime());
  return inWindow.length >= cap.max;
}
