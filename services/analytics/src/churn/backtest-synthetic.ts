/**
 * The churn backtest on the synthetic history (packages/synthetic-data), in memory: the generated
 * customer facts are put in the shape of retention's customerFacts documents (purchases, refunds,
 * merges), assembled into signals as the routes assemble them, and backtested at several dates.
 * The generator makes customer facts only (no cases, complaints or surveys): the service factors are 0.
 * Run after the build: node services/analytics/dist/churn/backtest-synthetic.js [customers] [seed]
 */
import { startOfDayIn, type IsoDate } from '@ctp/calendar';
import { cpus, freemem, totalmem } from 'node:os';
import { generateHistory, type Fact } from '@ctp/synthetic-data';
import type { CustomerDocument, PurchaseFact, RefundFact } from '../retention/customer-projection.js';
import { backtest } from './churn-backtest.js';
import { churnModel } from './churn-model.js';
import { assembleSignals } from './churn-signal-assembly.js';

type Draft = { _id: string; purchases: PurchaseFact[]; refunds: RefundFact[]; mergedFrom: string[]; mergedInto?: string; trace: [] };

export function customerDocumentsOf(facts: Iterable<Fact>): CustomerDocument[] {
  const documents = new Map<string, Draft>();
  const documentOf = (id: string) => documents.get(id) ?? documents.set(id, { _id: id, purchases: [], refunds: [], mergedFrom: [], trace: [] }).get(id)!;
  let position = 0;
  for (const fact of facts) {
    position += 1;
    const at = new Date(fact.occurredAt);
    const document = documentOf(fact.customerId);
    if (fact.type === 'PurchaseRecorded') document.purchases.push({ orderId: fact.data.orderId, at, amount: fact.data.amount, position: String(position) });
    if (fact.type === 'PurchaseRefunded') document.refunds.push({ orderId: fact.data.orderId, at, position: String(position) });
    if (fact.type === 'CustomersMerged') {
      document.mergedFrom.push(...fact.data.mergedAwayIds);
      for (const id of fact.data.mergedAwayIds) documentOf(id).mergedInto = fact.customerId;
    }
  }
  return [...documents.values()];
}

const print = (line: string) => void process.stdout.write(`${line}\n`);

function main() {
  const customers = Number(process.argv[2] ?? 5000);
  const seed = Number(process.argv[3] ?? 42);
  const timeZone = 'Asia/Shanghai';
  const started = performance.now();
  const documents = customerDocumentsOf(generateHistory({ seed, customers, from: '2023-01-01', to: '2026-01-01', timeZone }));
  const signals = assembleSignals({ customers: documents, cases: [], breachedClocks: [], complaints: [], invitations: [], contacts: [] });
  const generatedMs = performance.now() - started;
  const purchases = signals.reduce((sum, { purchases: bought }) => sum + bought.length, 0);
  print(`synthetic history: seed ${seed}, ${customers} people, 2023-01-01 .. 2026-01-01 (${timeZone}), ${signals.length} customers (after merges), ${purchases} purchases, built in ${(generatedMs / 1000).toFixed(1)} s`);
  print(`model ${churnModel.id} v${churnModel.version}, threshold ${churnModel.threshold}; machine: ${cpus().length} cpus, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory (${(freemem() / 2 ** 30).toFixed(1)} free)`);
  print('asOf        horizon  active  churned  baseRate  predicted  TP    precision  recall  AUC     ms');
  for (const asOf of ['2024-07-01', '2025-01-01', '2025-07-01']) {
    const begun = performance.now();
    const metrics = backtest(signals, startOfDayIn(asOf as IsoDate, timeZone), 180, churnModel);
    const ms = Math.round(performance.now() - begun);
    const cells = [asOf, '180', metrics.customers, metrics.churned, metrics.baseRate.value, metrics.predicted, metrics.truePositives, metrics.precision.value, metrics.recall.value, metrics.auc, ms];
    const widths = [12, 9, 8, 9, 10, 11, 6, 11, 8, 8, 6];
    print(cells.map((cell, index) => String(cell).padEnd(widths[index]!)).join('').trimEnd());
  }
}

main();
