import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import pg from 'pg';

/** What a test run left on the servers: every name holding `_<run>_`, the mark uniqueName puts in each name. */
export interface RunResources {
  readonly schemas: string[];
  readonly tables: string[];
  readonly databases: string[];
  readonly topics: string[];
  readonly groups: string[];
}

export interface ServerUrls {
  readonly postgres?: string | undefined;
  readonly kafka?: string | undefined;
  readonly mongo?: string | undefined;
}

const markOf = (run: string) => `_${run}_`;
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function withMongo<T>(url: string, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

async function withKafkaAdmin<T>(brokers: string, work: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = new Kafka({ clientId: 'test-run-cleanup', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

async function pgNames(client: pg.Client, mark: string) {
  const schemas = await client.query<{ name: string }>('SELECT nspname AS name FROM pg_namespace WHERE strpos(nspname, $1) > 0 ORDER BY 1', [mark]);
  const tables = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND strpos(tablename, $1) > 0 ORDER BY 1", [mark]);
  return { schemas: schemas.rows.map(({ name }) => name), tables: tables.rows.map(({ name }) => name) };
}

async function mongoNames(client: MongoClient, mark: string): Promise<string[]> {
  const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
  return databases.map(({ name }) => name).filter((name) => name.includes(mark)).sort();
}

async function kafkaNames(admin: ReturnType<Kafka['admin']>, mark: string) {
  const topics = (await admin.listTopics()).filter((name) => name.includes(mark)).sort();
  const groups = (await admin.listGroups()).groups.map(({ groupId }) => groupId).filter((name) => name.includes(mark)).sort();
  return { topics, groups };
}

/** Lists what the run `run` left on the servers. */
export async function runResources(servers: ServerUrls, run: string): Promise<RunResources> {
  const mark = markOf(run);
  const [postgres, databases, kafka] = await Promise.all([
    servers.postgres ? withPg(servers.postgres, (client) => pgNames(client, mark)) : { schemas: [], tables: [] },
    servers.mongo ? withMongo(servers.mongo, (client) => mongoNames(client, mark)) : [],
    servers.kafka ? withKafkaAdmin(servers.kafka, (admin) => kafkaNames(admin, mark)) : { topics: [], groups: [] },
  ]);
  return { ...postgres, databases, ...kafka };
}

/**
 * Drops every schema, table, database, topic and consumer group named for the run `run`, and returns what
 * it dropped. A group whose members have not left yet (a consumer killed by a crash test) is deleted once
 * the broker has expired them. Whatever cannot be dropped is thrown as one error naming it.
 */
export async function dropRunResources(servers: ServerUrls, run: string): Promise<RunResources> {
  const mark = markOf(run);
  const failures: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const dropped: RunResources = { schemas: [], tables: [], databases: [], topics: [], groups: [] };
  await Promise.all([
    servers.postgres &&
      attempt('PostgreSQL', () =>
        withPg(servers.postgres!, async (client) => {
          await client.query("SET lock_timeout = '20s'");
          const { schemas, tables } = await pgNames(client, mark);
          for (const schema of schemas) await attempt(`schema ${schema}`, () => client.query(`DROP SCHEMA IF EXISTS ${quoted(schema)} CASCADE`).then(() => dropped.schemas.push(schema)));
          for (const table of tables) await attempt(`table ${table}`, () => client.query(`DROP TABLE IF EXISTS public.${quoted(table)} CASCADE`).then(() => dropped.tables.push(table)));
        }),
      ),
    servers.mongo &&
      attempt('MongoDB', () =>
        withMongo(servers.mongo!, async (client) => {
          for (const name of await mongoNames(client, mark)) await attempt(`database ${name}`, () => client.db(name).dropDatabase().then(() => dropped.databases.push(name)));
        }),
      ),
    servers.kafka &&
      attempt('Kafka', () =>
        withKafkaAdmin(servers.kafka!, async (admin) => {
          const { topics, groups } = await kafkaNames(admin, mark);
          // Groups first: deleting a topic drops its offsets, and the group may vanish under our feet.
          await attempt(`groups ${groups.join(', ')}`, () => deleteGroups(admin, groups).then(() => dropped.groups.push(...groups)));
          if (topics.length > 0) await attempt(`topics ${topics.join(', ')}`, () => admin.deleteTopics({ topics, timeout: 30_000 }).then(() => dropped.topics.push(...topics)));
        }),
      ),
  ]);
  if (failures.length > 0) throw new Error(`the test run ${run} could not drop what it created:\n  ${failures.join('\n  ')}`);
  return dropped;
}

/** Deletes the groups, waiting (polling the broker, at most two minutes) for members that died without leaving to expire. */
async function deleteGroups(admin: ReturnType<Kafka['admin']>, groups: readonly string[]): Promise<void> {
  let left = [...groups];
  for (let polls = 0; left.length > 0; polls++) {
    const { groups: described } = await admin.describeGroups(left);
    const empty = described.filter(({ state }) => state === 'Empty').map(({ groupId }) => groupId);
    if (empty.length > 0) await admin.deleteGroups(empty).catch((error: unknown) => rethrowUnlessGone(error));
    const done = new Set([...empty, ...described.filter(({ state }) => state === 'Dead').map(({ groupId }) => groupId)]);
    left = left.filter((group) => !done.has(group));
    if (left.length === 0) return;
    if (polls >= 120) throw new Error(`still has members after ${polls} polls`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** A group that vanished meanwhile (its last offsets expired) is as good as deleted. */
function rethrowUnlessGone(error: unknown): void {
  const groups = (error as { groups?: { groupId: string; error?: { type?: string } }[] }).groups ?? [];
  const failed = groups.filter(({ error: cause }) => cause && cause.type !== 'GROUP_ID_NOT_FOUND');
  if (groups.length > 0 && failed.length === 0) return;
  throw new Error(`${error instanceof Error ? error.message : String(error)}: ${failed.map(({ groupId, error: cause }) => `${groupId} ${cause?.type}`).join(', ')}`);
}
