import type { EventToAppend } from '@ctp/contracts';
import type { AppendResult, EventStore, ExpectedRevision } from '../port.js';

/** What the contract suite needs from an adapter under test. */
export interface ContractSubject {
  readonly store: EventStore;
  /**
   * Appends inside a transaction that stays open while `whileOpen` runs, after the append took its
   * positions and before it commits: how the suite makes commits land late. Adapters without
   * client-visible transactions (EventStoreDB) leave it out.
   */
  readonly appendHeldOpen?: (
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
    whileOpen: () => Promise<void>,
  ) => Promise<AppendResult>;
  close(): Promise<void>;
}

export interface ContractAdapter {
  readonly name: string;
  /** Whether `appendHeldOpen` exists; known before the suite is collected. */
  readonly holdsTransactionsOpen: boolean;
  /** Whether appendMany writes all its streams or none (PostgreSQL), or one after another (EventStoreDB). */
  readonly atomicAcrossStreams: boolean;
  open(): Promise<ContractSubject>;
}
