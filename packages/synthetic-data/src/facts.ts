import { customerFactTypes, type EventData } from '@ctp/contracts';

export const factTypes = customerFactTypes;

export type FactType = (typeof factTypes)[number];

type SubjectField<T extends FactType> = T extends 'CustomersMerged' ? 'survivorId' : 'customerId';

/** Event data without the subject id, which intake fills in from the fact's customerId. */
export type FactData<T extends FactType> = Omit<EventData<T>, SubjectField<T>>;

/** One fact in the shape integrators POST to intake's /v1/events. */
export type Fact<T extends FactType = FactType> = {
  [K in T]: {
    readonly id: string;
    readonly type: K;
    readonly customerId: string;
    readonly occurredAt: string;
    readonly data: FactData<K>;
  };
}[T];

export type FactCounts = Record<FactType, number>;

export function emptyCounts(): FactCounts {
  return Object.fromEntries(factTypes.map((type) => [type, 0])) as FactCounts;
}
