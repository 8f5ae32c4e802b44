import { decoderFor, streamIdFor, type CaseEvent, type RecordedEventOf } from '@ctp/contracts';
import { createPostgresEventStore, type EventStore } from '@ctp/event-store';
import { eventually, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';

export type RecordedCaseEvent = RecordedEventOf<'case'>;

/** relay, intake, tiering and sla, built, on one isolated schema, with a reader of sla's case streams as stored. */
export interface SlaStack extends ServiceStack {
  /** A case's events as stored (clock events carry no personal data; subjects and bodies stay tokens). */
  caseEvents(caseId: string): Promise<RecordedCaseEvent[]>;
  /** Waits until the case holds an event of the type that `matches` (default: any), and answers it. */
  eventOf<T extends CaseEvent['type']>(caseId: string, type: T, matches?: (event: Extract<RecordedCaseEvent, { type: T }>) => boolean, timeoutMs?: number): Promise<Extract<RecordedCaseEvent, { type: T }>>;
  /** Waits until tiering has recorded a tier for the customer, so a case opened next starts on it and no first assignment moves its clocks later. */
  tierAssigned(customerId: string): Promise<void>;
}

const caseEvent = decoderFor('case');

export async function startSlaStack(settings: Record<string, string> = {}): Promise<SlaStack> {
  const stack = await startServiceStack(['relay', 'intake', 'tiering', 'sla'], settings);
  let reader: EventStore;
  try {
    reader = await createPostgresEventStore(postgresUrl(), { schema: stack.schema, migrate: false });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const caseEvents = async (caseId: string) => (await reader.readStream(streamIdFor('case', caseId))).map(caseEvent);
  return {
    ...stack,
    caseEvents,
    eventOf: <T extends CaseEvent['type']>(caseId: string, type: T, matches: (event: Extract<RecordedCaseEvent, { type: T }>) => boolean = () => true, timeoutMs?: number) =>
      eventually(
        async () => (await caseEvents(caseId)).find((event): event is Extract<RecordedCaseEvent, { type: T }> => event.type === type && matches(event as Extract<RecordedCaseEvent, { type: T }>)),
        `${type} on case ${caseId}`,
        () => stack.service('sla').output(),
        timeoutMs,
      ),
    async tierAssigned(customerId) {
      await eventually(async () => ((await reader.readStream(streamIdFor('tier', customerId))).length > 0 ? true : undefined), `a tier for ${customerId}`, () => stack.service('tiering').output());
    },
    async stop() {
      await stack.stop();
      await reader.close();
    },
  };
}
