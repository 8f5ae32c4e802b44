import type { Timer } from '@ctp/timers';
import type { Admin } from 'kafkajs';
import { processMemory, type ProcessMemory } from '../metrics/process-memory.js';
import { describeError } from '../start-up/retriable.js';
import { ReadModelMonitor } from '../read-models/read-model-status.js';
import type { AdminConsumer, AdminParts, RedriveOutcome } from './admin-parts.js';
import { groupMembers, parkedCount, parkedLetters, type ParkedLetter } from './consumer-groups.js';
import { AdminLookupError } from './admin-lookup-error.js';
import { consumerHealth, timerHealth } from './health.js';
import { listTimers, summariseTimers, type TimerKindSummary, type TimerListState } from './timer-summary.js';

export interface ConsumerReport {
  readonly kind: AdminConsumer['kind'];
  readonly name: string;
  readonly consumerGroup: string;
  readonly state: string;
  readonly position: string | null;
  readonly head: string | null;
  readonly lag: number | null;
  readonly eventsPerSecond: number | null;
  readonly members: number | null;
  readonly parked: number | null;
  readonly healthy: boolean;
  readonly problems: readonly string[];
}

export interface TimerReport extends TimerKindSummary {
  readonly healthy: boolean;
  readonly problems: readonly string[];
}

export interface StatusReport {
  readonly service: string;
  readonly healthy: boolean;
  readonly consumers: readonly ConsumerReport[];
  readonly timers: readonly TimerReport[];
  readonly memory: ProcessMemory;
}

/** The operators' inspections and redrives of one service's wired read models, reactors and timers. */
export class Operations {
  private readonly monitors: Map<string, ReadModelMonitor>;
  private admin: Promise<Admin> | null = null;

  constructor(private readonly parts: AdminParts) {
    this.monitors = new Map(parts.consumers.map((consumer) => [consumer.name, new ReadModelMonitor({ name: consumer.name, groupId: consumer.groupId, lag: async () => consumer.lag(await this.kafkaAdmin()), status: () => consumer.consumer.status() })]));
  }

  async status(): Promise<StatusReport> {
    const head = await this.parts.publishedPosition().catch(() => null);
    const consumers = await Promise.all(this.parts.consumers.map((consumer) => this.consumerReport(consumer, head)));
    const now = this.parts.clock();
    const timers = (await Promise.all(this.parts.timerStores.map((store) => summariseTimers(store, now)))).flat().map((summary) => ({ ...summary, ...timerHealth(summary) }));
    return { service: this.parts.service, healthy: [...consumers, ...timers].every((part) => part.healthy), consumers, timers, memory: processMemory() };
  }

  async deadLetters(name: string, limit: number): Promise<{ consumer: string; parked: number; letters: ParkedLetter[] }> {
    const consumer = this.consumer(name);
    const admin = await this.kafkaAdmin();
    const parked = await parkedCount(admin, consumer.redriveGroupId, consumer.deadLetterTopic);
    const letters = parked === 0 ? [] : await parkedLetters(this.parts.kafka(), admin, consumer.redriveGroupId, consumer.deadLetterTopic, limit);
    return { consumer: name, parked, letters };
  }

  async redrive(name: string): Promise<RedriveOutcome & { consumer: string }> {
    const consumer = this.consumer(name);
    const outcome = await consumer.redrive();
    this.parts.logger.info({ consumer: name, ...outcome }, 'dead letters redriven by an operator');
    return { consumer: name, ...outcome };
  }

  async timers(state: TimerListState, limit: number): Promise<(Timer & { table: string })[]> {
    const now = this.parts.clock();
    const lists = await Promise.all(this.parts.timerStores.map(async (store) => (await listTimers(store, state, now, limit)).map((timer) => ({ ...timer, table: store.name.table }))));
    return lists.flat().slice(0, limit);
  }

  async retryTimer(id: string): Promise<{ id: string; table: string }> {
    for (const store of this.parts.timerStores) {
      if (await store.redrive(id, this.parts.clock())) {
        this.parts.logger.info({ timer: id, table: store.name.table }, 'parked timer put back by an operator');
        return { id, table: store.name.table };
      }
    }
    throw new AdminLookupError('not_found', `no parked timer ${id}`);
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    if (admin) await (await admin.catch(() => null))?.disconnect();
  }

  private consumer(name: string): AdminConsumer {
    const consumer = this.parts.consumers.find((candidate) => candidate.name === name);
    if (!consumer) throw new AdminLookupError('not_found', `${this.parts.service} has no read model or reactor ${name}`);
    return consumer;
  }

  private async consumerReport(consumer: AdminConsumer, head: string | null): Promise<ConsumerReport> {
    const state = consumer.consumer.status();
    const base = { kind: consumer.kind, name: consumer.name, consumerGroup: consumer.groupId, state: state.state, head };
    const facts = { state: state.state, ready: state.ready ?? state.state === 'running', reason: state.reason ?? null, error: state.error };
    // Each figure is read on its own: a dead-letter topic or a group that cannot be described must not hide the lag.
    const admin = this.kafkaAdmin();
    const [progress, members, parked] = await Promise.allSettled([
      admin.then(() => this.monitors.get(consumer.name)!.status(head)),
      admin.then((client) => groupMembers(client, consumer.groupId)),
      admin.then((client) => parkedCount(client, consumer.redriveGroupId, consumer.deadLetterTopic)),
    ]);
    const failure = [progress, members, parked].find((result) => result.status === 'rejected');
    const read = progress.status === 'fulfilled' ? progress.value : null;
    const figures = { members: members.status === 'fulfilled' ? members.value : null, parked: parked.status === 'fulfilled' ? parked.value : null };
    return {
      ...base,
      position: consumer.kind === 'read-model' ? (read?.position ?? null) : null,
      lag: read?.lagEvents ?? null,
      eventsPerSecond: read?.eventsPerSecond ?? null,
      ...figures,
      ...consumerHealth({ ...facts, ...figures, unreadable: failure ? describeError(failure.reason) : null }),
    };
  }

  private kafkaAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.parts.kafka().admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = null;
      throw error;
    });
    return this.admin;
  }
}
