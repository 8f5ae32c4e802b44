import type { CustomerMessageKind } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { exceedsFrequencyCap, parseFrequencyCap, type FrequencyCaps } from './frequency-cap.js';

const caps: FrequencyCaps = { marketing: { max: 3, windowMs: 30 * 86_400_000 }, survey: null };
const now = new Date('2026-03-31T00:00:00Z');
const sent = (kind: CustomerMessageKind, sentAt: string) => ({ kind, sentAt });

describe('the frequency cap across kinds', () => {
  it('reads <count>/<window> in hours or days and names what is wrong otherwise', () => {
    expect(parseFrequencyCap('3/30d')).toEqual({ max: 3, windowMs: 30 * 86_400_000 });
    expect(parseFrequencyCap('1/12h')).toEqual({ max: 1, windowMs: 12 * 3_600_000 });
    expect(parseFrequencyCap('3 per month')).toMatch(/expected <count>\/<window>/);
    expect(parseFrequencyCap('0/30d')).toMatch(/at least 1/);
  });

  it('given three marketing messages of any kinds in the window, a fourth of any marketing kind is over the cap', () => {
    const three = [sent('welcome', '2026-03-02T00:00:00Z'), sent('care', '2026-03-10T00:00:00Z'), sent('win_back', '2026-03-30T00:00:00Z')];
    expect(exceedsFrequencyCap(three, 'care', caps, now)).toBe(true);
    expect(exceedsFrequencyCap(three.slice(1), 'welcome', caps, now)).toBe(false);
  });

  it('the window rolls: a message sent more than the window ago no longer counts', () => {
    const three = [sent('welcome', '2026-03-01T00:00:00Z'), sent('care', '2026-03-10T00:00:00Z'), sent('win_back', '2026-03-30T00:00:00Z')];
    expect(exceedsFrequencyCap(three, 'care', caps, now)).toBe(false);
  });

  it('survey invitations are their own group: they neither count against marketing nor are capped by it', () => {
    const invitations = [7, 8, 9].map((day) => sent('survey_invitation', `2026-03-2${day}T00:00:00Z`));
    expect(exceedsFrequencyCap(invitations, 'welcome', caps, now)).toBe(false);
    expect(exceedsFrequencyCap(invitations, 'survey_invitation', caps, now)).toBe(false);
    expect(exceedsFrequencyCap(invitations, 'survey_invitation', { ...caps, survey: { max: 2, windowMs: 7 * 86_400_000 } }, now)).toBe(true);
  });
});
