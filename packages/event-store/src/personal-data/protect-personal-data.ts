import type { EventRegistry, EventToAppend, GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { EventIdConflictError } from '../errors.js';
import type { AppendResult, EventStore, ExpectedRevision, ReadAllOptions, ReadStreamOptions, StreamAppend, SubscribeToAllOptions, Subscription } from '../port.js';
import { sameContent } from '../same-content.js';
import { asStoredWouldRead, keyIdsOf, openEvent, sealEvent, subjectNeedingKey } from './event-crypto.js';
import type { Keyring } from './keyring.js';

export interface PersonalDataProtection {
  readonly keyring: Keyring;
  readonly registry: EventRegistry;
}

/**
 * An EventStore that encrypts personal fields on append and decrypts them on every read. The
 * keyring is the caller's: `close()` closes the wrapped store only.
 */
export function protectPersonalData(store: EventStore, protection: PersonalDataProtection): EventStore {
  return new ProtectedEventStore(store, protection.keyring, protection.registry);
}

class ProtectedEventStore implements EventStore {
  constructor(
    private readonly store: EventStore,
    private readonly keyring: Keyring,
    private readonly registry: EventRegistry,
  ) {}

  async append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const subjects = new Set(events.map((event) => subjectNeedingKey(this.registry, event)).filter((id) => id !== null));
    const keys = await this.keyring.keysForCustomers([...subjects]);
    const sealed = events.map((event) => sealEvent(this.registry, event, keys));
    try {
      return await this.store.append(streamId, sealed, options);
    } catch (error) {
      if (!(error instanceof EventIdConflictError)) throw error;
      const retried = await this.retriedAppend(streamId, events);
      if (retried) return retried;
      throw error;
    }
  }

  /** Every part's keys in one keyring call. */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const events = appends.flatMap((part) => part.events);
    const subjects = new Set(events.map((event) => subjectNeedingKey(this.registry, event)).filter((id) => id !== null));
    const keys = await this.keyring.keysForCustomers([...subjects]);
    return this.store.appendMany(appends.map((part) => ({ ...part, events: part.events.map((event) => sealEvent(this.registry, event, keys)) })));
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = await this.store.readStreams(streamIds);
    const opened = await this.open([...streams.values()].flat());
    const byId = new Map(opened.map((event) => [event.id, event]));
    return new Map([...streams].map(([id, events]) => [id, events.map((event) => byId.get(event.id)!)]));
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId, options).then((events) => this.open(events));
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options).then((events) => this.open(events));
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    return this.store.subscribeToAll({ ...options, onEvents: async (events) => options.onEvents(await this.open(events)) });
  }

  headPosition(): Promise<GlobalPosition | null> {
    return this.store.headPosition();
  }

  newestPosition(): Promise<GlobalPosition | null> {
    return this.store.newestPosition();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private async open(events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    const keyIds = new Set(events.flatMap((event) => keyIdsOf(this.registry, event)));
    if (keyIds.size === 0) return [...events];
    const keys = await this.keyring.keysById([...keyIds]);
    return events.map((event) => openEvent(this.registry, event, keys));
  }

  /**
   * Random IVs make every sealing differ, so the store sees a retry as a conflict. Decrypting the
   * stored events settles it: the same plaintext content is a duplicate, as without encryption.
   */
  private async retriedAppend(streamId: string, events: readonly EventToAppend[]): Promise<AppendResult | null> {
    const stored = new Map((await this.readStream(streamId)).map((event) => [event.id, event]));
    const matches = events.map((event) => {
      const opened = stored.get(event.id);
      return opened && sameContent(asStoredWouldRead(this.registry, event, opened), opened) ? opened : null;
    });
    if (matches.some((opened) => opened === null)) return null;
    const appended = matches.map((opened) => ({ id: opened!.id, revision: opened!.revision, globalPosition: opened!.globalPosition, duplicate: true }));
    const last = appended[appended.length - 1]!;
    return { streamId, lastRevision: last.revision, lastPosition: last.globalPosition, events: appended };
  }
}
