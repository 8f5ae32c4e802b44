import { afterAll, beforeAll, describe } from 'vitest';
import { appendContract } from './append-contract.js';
import { appendManyContract } from './append-many-contract.js';
import { concurrencyContract } from './concurrency-contract.js';
import type { ContractAdapter, ContractSubject } from './contract-subject.js';
import { readContract } from './read-contract.js';
import { subscriptionContract } from './subscription-contract.js';

export type { ContractAdapter, ContractSubject } from './contract-subject.js';

/** The guarantees every EventStore adapter keeps; each adapter's int test runs this once. */
export function eventStoreContract(adapter: ContractAdapter): void {
  describe(`EventStore contract: ${adapter.name}`, () => {
    let subject: ContractSubject | undefined;
    const current = (): ContractSubject => {
      if (!subject) throw new Error(`${adapter.name} did not open`);
      return subject;
    };
    beforeAll(async () => {
      subject = await adapter.open();
    });
    afterAll(async () => {
      await subject?.close();
    });

    appendContract(current);
    appendManyContract(adapter, current);
    readContract(current);
    subscriptionContract(current);
    concurrencyContract(adapter, current);
  });
}
