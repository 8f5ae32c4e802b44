import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import pg from 'pg';

/** The running servers and the per-run names, plus everything to clean up at the end. */
export interface Bench {
  readonly postgresUrl: string;
  /** host:port,... as services take them (KAFKA_BROKERS). */
  readonly kafkaBrokers: string;
  readonly kafka: Kafka;
  readonly mongo: MongoClient;
  readonly mongoUrl: string;
  /** `bench_<timestamp>`: prefix of every schema, topic, group and database of this run. */
  readonly runId: string;
  /** Runs after everything else, newest first. */
  onCleanup(step: () => Promise<unknown>): void;
}

const repoRoot = resolve(import.meta.dirname, '../../..');

/**
 * CTP_* from the environment, else from .local/infra/env.sh as written by `infra/infra up`;
 * BENCH_MONGO_URL, when set, replaces CTP_MONGO_URL (e.g. a FerretDB of the benchmark's own).
 */
function serverVariables(): Record<string, string> {
  const variables: Record<string, string> = {};
  const file = resolve(repoRoot, '.local/infra/env.sh');
  if (existsSync(file)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/^export (CTP_[A-Z_]+)=(.*)$/gm)) variables[match[1]!] = match[2]!;
  }
  for (const [name, value] of Object.entries(process.env)) if (name.startsWith('CTP_') && value) variables[name] = value;
  if (process.env.BENCH_MONGO_URL) variables.CTP_MONGO_URL = process.env.BENCH_MONGO_URL;
  for (const name of ['CTP_POSTGRES_URL', 'CTP_KAFKA_BROKERS', 'CTP_MONGO_URL']) {
    if (!variables[name]) throw new Error(`${name} is not set: run 'bash infra/infra up' or 'source .local/infra/env.sh'`);
  }
  return variables;
}

export async function openBench(): Promise<{ bench: Bench; close: () => Promise<void> }> {
  const variables = serverVariables();
  const runId = `bench_${Date.now()}`;
  // A broker busy with other runs' topic deletions answers UNKNOWN_TOPIC_OR_PARTITION for a while after a new topic has
  // its leaders; kafkajs's default five retries (a few seconds) ran out in a loaded CI run.
  const kafka = new Kafka({ clientId: runId, brokers: variables.CTP_KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING, retry: { retries: 12, maxRetryTime: 30_000 } });
  const mongo = new MongoClient(variables.CTP_MONGO_URL!, { serverSelectionTimeoutMS: 10_000 });
  await mongo.connect();
  const steps: (() => Promise<unknown>)[] = [];
  const bench: Bench = { postgresUrl: variables.CTP_POSTGRES_URL!, kafkaBrokers: variables.CTP_KAFKA_BROKERS!, kafka, mongo, mongoUrl: variables.CTP_MONGO_URL!, runId, onCleanup: (step) => steps.push(step) };
  return {
    bench,
    async close() {
      for (const step of steps.reverse()) await step().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
      await mongo.close();
    },
  };
}

/** Drops the PostgreSQL schemas, Kafka topics and groups and Mongo databases named `<prefix>*` (default: this run's). */
export async function dropRunLeftovers(bench: Bench, prefix = bench.runId): Promise<void> {
  const client = new pg.Client({ connectionString: bench.postgresUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE $1', [`${prefix.replaceAll('_', '\\_')}%`]);
    for (const { name } of rows) await client.query(`DROP SCHEMA "${name}" CASCADE`);
  } finally {
    await client.end();
  }
  const admin = bench.kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId).filter((group) => group.startsWith(prefix));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  const { databases } = await bench.mongo.db('admin').admin().listDatabases({ nameOnly: true });
  for (const { name } of databases) if (name.startsWith(prefix)) await bench.mongo.db(name).dropDatabase();
}

export async function serverVersion(postgresUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    return (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  } finally {
    await client.end();
  }
}
