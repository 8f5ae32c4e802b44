import { describe, it } from 'vitest';
import { decideComplaint, type ComplaintCommand, type EarlierComplaint } from './decide-complaint.js';
import { caseId, complaintSpec, customerId, expectRefusal, recorded, taxonomy } from './test-support/complaint-spec.js';

const spec = complaintSpec(decideComplaint);
const at = '2026-03-05T10:00:00+08:00';
const setCauses = (causes: string[], earlier: EarlierComplaint[] = [], windowDays = 90): ComplaintCommand => ({ kind: 'set_causes', causes, stage: 'handling', taxonomy, earlier, windowDays, at, by: 'agent-7' });
const earlier = (id: string, openedAt: string, causes: string[]): EarlierComplaint => ({ caseId: id, openedAt, causes });

describe('recording a complaint case', () => {
  it('given nothing, when sla opened a complaint, then it is recorded with customer, channel and tier at opening', () => {
    spec.given().when({ kind: 'record', caseId, customerId, channel: 'email', tier: null, openedAt: '2026-03-04T14:00:00+08:00' }).then({ type: 'ComplaintRecorded', data: { caseId, customerId, channel: 'email', tier: null } });
  });

  it('given a recorded complaint, when the opening arrives again, then nothing is recorded', () => {
    spec.given(recorded()).when({ kind: 'record', caseId, customerId, channel: 'phone', tier: null, openedAt: '2026-03-04T14:00:00+08:00' }).thenNothing();
  });

  it('given a recorded complaint, when it is handed to a team, then the team is recorded once', () => {
    spec.given(recorded()).when({ kind: 'assign_team', caseId, team: 'T-returns', at }).then({ type: 'ComplaintTeamAssigned', data: { team: 'T-returns' } });
    spec.given(recorded(), { type: 'ComplaintTeamAssigned', data: { caseId, team: 'T-returns', assignedAt: at } }).when({ kind: 'assign_team', caseId, team: 'T-returns', at }).thenNothing();
  });

  it('given no complaint (an inquiry), when it is handed to a team, then nothing is recorded', () => {
    spec.given().when({ kind: 'assign_team', caseId, team: 'T-returns', at }).thenNothing();
  });
});

describe('setting root causes', () => {
  it('given a complaint, when the agent sets several causes, then they are recorded once each with the taxonomy version', () => {
    spec.given(recorded()).when(setCauses(['process', 'attitude', 'process'])).then({ type: 'ComplaintCausesSet', data: { causes: ['process', 'attitude'], taxonomyVersion: 1, stage: 'handling', by: 'agent-7' } });
  });

  it('given the same causes set before, when set again, then nothing is recorded', () => {
    const set = spec.given(recorded()).when(setCauses(['process'])).then({ type: 'ComplaintCausesSet' });
    spec.given(recorded(), ...set).when(setCauses(['process'])).thenNothing();
  });

  it('given a cause not in the taxonomy, then it is refused (unknown_cause)', () => {
    spec.given(recorded()).when(setCauses(['rudeness'])).thenThrows(expectRefusal('unknown_cause'));
  });

  it('given no complaint recorded, then setting causes is refused (complaint_not_found)', () => {
    spec.given().when(setCauses(['process'])).thenThrows(expectRefusal('complaint_not_found'));
  });
});

describe('repeat complaints', () => {
  const history = [earlier('K-1', '2026-01-10T09:00:00+08:00', ['process']), earlier('K-2', '2026-02-20T09:00:00+08:00', ['process', 'billing']), earlier('K-old', '2025-10-01T09:00:00+08:00', ['attitude'])];

  it('given earlier complaints of the customer, when a cause repeats within the window, then it is flagged naming the latest earlier one', () => {
    spec
      .given(recorded())
      .when(setCauses(['process', 'attitude'], history))
      .then({ type: 'ComplaintCausesSet' }, { type: 'RepeatComplaintFlagged', data: { caseId, customerId, cause: 'process', earlierCaseId: 'K-2', earlierOpenedAt: '2026-02-20T09:00:00+08:00', windowDays: 90 } });
  });

  it('given an earlier complaint outside the window, then no flag (attitude was 154 days before)', () => {
    spec.given(recorded()).when(setCauses(['attitude'], history)).then({ type: 'ComplaintCausesSet' });
  });

  it('given a window of 30 days, then the complaint 12 days before still counts and the one 53 days before does not', () => {
    spec.given(recorded()).when(setCauses(['billing'], history, 30)).then({ type: 'ComplaintCausesSet' }, { type: 'RepeatComplaintFlagged', data: { cause: 'billing', earlierCaseId: 'K-2', windowDays: 30 } });
  });

  it('given a later complaint or the complaint itself in the list, then neither counts as earlier', () => {
    spec.given(recorded()).when(setCauses(['process'], [earlier(caseId, '2026-03-04T14:00:00+08:00', ['process']), earlier('K-9', '2026-03-06T09:00:00+08:00', ['process'])])).then({ type: 'ComplaintCausesSet' });
  });

  it('given a cause already flagged, when causes are set again, then it is not flagged twice', () => {
    const first = spec.given(recorded()).when(setCauses(['process'], history)).then({ type: 'ComplaintCausesSet' }, { type: 'RepeatComplaintFlagged' });
    spec.given(recorded(), ...first).when(setCauses(['process', 'billing'], history)).then({ type: 'ComplaintCausesSet' }, { type: 'RepeatComplaintFlagged', data: { cause: 'billing' } });
  });
});
