import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';
import { tscOutputFor } from './workspace.js';

// ------------------------------------------------------------------ types

export interface ComposeBuild {
  context?: string;
  dockerfile?: string;
  target?: string;
}

export interface ComposePort {
  target?: number | string;
  published?: number | string;
  host_ip?: string;
  protocol?: string;
}

export interface ComposeVolumeMount {
  type?: string;
  source?: string;
  target?: string;
  read_only?: boolean;
}

export interface ComposeService {
  image?: string;
  build?: string | ComposeBuild;
  pull_policy?: string;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null | undefined> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number | ComposePort)[];
  volumes?: (string | ComposeVolumeMount)[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  user?: string;
}

export interface ComposeDocument {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** What a service package exports as `@ctp/<name>/definition` (its configSchema is a zod object). */
export interface ServiceDefinitionLike {
  name: string;
  defaultPort: number;
  configSchema: {
    shape: Record<string, unknown>;
    safeParse?: (input: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
  };
}

// ------------------------------------------------------------------ loading

/** Parses a compose file the way Compose does: YAML with merge keys (`<<: *anchor`). Throws on YAML errors. */
export function parseComposeYaml(text: string): unknown {
  const doc = parseDocument(text, { merge: true, prettyErrors: true });
  if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('\n'));
  return doc.toJS({ maxAliasCount: 1000 });
}

export function loadCompose(path: string): ComposeDocument {
  return parseComposeYaml(readFileSync(path, 'utf8')) as ComposeDocument;
}

export interface ComposeSchemaSource {
  packageName: string;
  version: string;
  file: string;
  schema: Record<string, unknown>;
}

/**
 * The official Compose Specification JSON schema (compose-spec/compose-spec schema/compose-spec.json,
 * $id "compose_spec.json"), as shipped by the npm package `dclint` in schemas/compose.schema.json.
 * Its exports map does not expose that file, so it is found next to dclint's package.json.
 */
export function loadComposeSchema(): ComposeSchemaSource {
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve('dclint/package.json');
  const { version } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string };
  const file = join(dirname(packageJsonPath), 'schemas', 'compose.schema.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return { packageName: 'dclint', version, file, schema };
}

export type ComposeValidator = (document: unknown) => string[];

/** Compiles the Compose Specification schema with ajv; the validator returns one message per violation. */
export function createComposeValidator(source: ComposeSchemaSource = loadComposeSchema()): ComposeValidator {
  const { $schema, ...schema } = source.schema;
  // The spec declares draft-07 (as "https://json-schema.org/draft-07/schema"), which is ajv's default
  // draft; the declaration is dropped only because ajv knows that meta-schema under its http:// id.
  if (typeof $schema !== 'string' || !/json-schema\.org\/draft-07\/schema/.test($schema)) {
    throw new Error(`expected a draft-07 compose schema, got $schema=${String($schema)}`);
  }
  // Ajv's strict mode stays on, except two points where the official schema is looser than ajv likes:
  // type lists such as ["boolean", "string"] (allowUnionTypes), and object keywords in branches
  // without "type": "object" (strictTypes would only log warnings about them).
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false });
  const validate = ajv.compile(schema);
  return (document) => {
    if (validate(document)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
    );
  };
}

// ------------------------------------------------------------------ normalising helpers

export function environmentOf(service: ComposeService): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  if (Array.isArray(service.environment)) {
    for (const entry of service.environment) {
      const at = entry.indexOf('=');
      if (at === -1) env[entry] = undefined;
      else env[entry.slice(0, at)] = entry.slice(at + 1);
    }
  } else if (service.environment) {
    for (const [key, value] of Object.entries(service.environment)) env[key] = value === null || value === undefined ? undefined : String(value);
  }
  return env;
}

export function dependsOnOf(service: ComposeService): Record<string, string> {
  const deps: Record<string, string> = {};
  if (Array.isArray(service.depends_on)) for (const name of service.depends_on) deps[name] = 'service_started';
  else if (service.depends_on) {
    for (const [name, dep] of Object.entries(service.depends_on)) deps[name] = dep.condition ?? 'service_started';
  }
  return deps;
}

export function commandOf(service: ComposeService): string[] {
  if (service.command === undefined) return [];
  return Array.isArray(service.command) ? service.command.map(String) : service.command.trim().split(/\s+/);
}

export interface PublishedPort {
  hostIp: string | undefined;
  published: string | undefined;
  target: string;
  raw: string;
}

export function portsOf(service: ComposeService): PublishedPort[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return {
        hostIp: port.host_ip,
        published: port.published === undefined ? undefined : String(port.published),
        target: String(port.target ?? ''),
        raw: JSON.stringify(port),
      };
    }
    const raw = String(port);
    const spec = raw.replace(/\/(tcp|udp|sctp)$/, '');
    let hostIp: string | undefined;
    let rest = spec;
    const v6 = /^\[([^\]]+)\]:(.*)$/.exec(spec);
    if (v6?.[1] !== undefined && v6[2] !== undefined) {
      hostIp = v6[1];
      rest = v6[2];
    }
    const parts = rest.split(':');
    if (!v6 && parts.length === 3) hostIp = parts.shift();
    const target = parts.pop() ?? '';
    const published = parts.pop() || undefined;
    return { hostIp, published, target, raw };
  });
}

export interface VolumeMount {
  type: 'bind' | 'volume';
  source: string | undefined;
  target: string;
  readOnly: boolean;
}

export function volumesOf(service: ComposeService): VolumeMount[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'object') {
      const type = volume.type === 'bind' ? 'bind' : 'volume';
      return { type, source: volume.source, target: volume.target ?? '', readOnly: volume.read_only === true };
    }
    const [source, target, mode] = volume.split(':');
    if (target === undefined) return { type: 'volume', source: undefined, target: source ?? '', readOnly: false };
    const isPath = source !== undefined && /^(\.{0,2}\/|~)/.test(source);
    return { type: isPath ? 'bind' : 'volume', source, target, readOnly: (mode ?? '').split(',').includes('ro') };
  });
}

function buildOf(service: ComposeService): ComposeBuild | undefined {
  if (service.build === undefined) return undefined;
  return typeof service.build === 'string' ? { context: service.build } : service.build;
}

function hasHealthcheck(service: ComposeService | undefined): boolean {
  const test = service?.healthcheck?.test;
  if (!service?.healthcheck || service.healthcheck.disable === true) return false;
  if (test === undefined) return false;
  const list = Array.isArray(test) ? test : [test];
  return list.length > 0 && list[0] !== 'NONE';
}

// ------------------------------------------------------------------ generic checks

/** Every depends_on target exists; service_healthy targets define a health check; one-shot targets don't restart. */
export function checkDependsOn(doc: ComposeDocument): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(doc.services)) {
    for (const [target, condition] of Object.entries(dependsOnOf(service))) {
      const dep = doc.services[target];
      if (!dep) {
        problems.push(`${name}: depends_on ${target}, which is not a service`);
        continue;
      }
      if (target === name) problems.push(`${name}: depends on itself`);
      if (condition === 'service_healthy' && !hasHealthcheck(dep)) {
        problems.push(`${name}: waits for ${target} to be healthy, but ${target} has no healthcheck`);
      }
      if (condition === 'service_completed_successfully' && dep.restart !== undefined && dep.restart !== 'no') {
        problems.push(`${name}: waits for ${target} to complete, but ${target} has restart: ${dep.restart}`);
      }
    }
  }
  return problems;
}

/** Every published port binds 127.0.0.1, and no host port is published twice. */
export function checkPublishedPorts(doc: ComposeDocument): string[] {
  const problems: string[] = [];
  const used = new Map<string, string>();
  for (const [name, service] of Object.entries(doc.services)) {
    for (const port of portsOf(service)) {
      if (port.hostIp !== '127.0.0.1') {
        problems.push(`${name}: port ${port.raw} is not bound to 127.0.0.1 (host_ip ${port.hostIp ?? 'all interfaces'})`);
      }
      if (port.published === undefined) {
        problems.push(`${name}: port ${port.raw} publishes a random host port`);
        continue;
      }
      // Docker refuses the same host port twice even on different addresses when one is 0.0.0.0.
      const key = `${port.published}/${/\/(udp|sctp)$/.exec(port.raw)?.[1] ?? 'tcp'}`;
      const other = used.get(key);
      if (other) problems.push(`${name}: host port ${key} is already published by ${other}`);
      used.set(key, name);
    }
  }
  return problems;
}

/**
 * Docker image reference: [registry[:port]/]path[:tag][@digest], lowercase path components.
 * (distribution/reference grammar, without the rarely used uppercase-registry corner cases.)
 */
const IMAGE_REFERENCE =
  /^(?:(?<registry>(?:[a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+(?::\d+)?)\/)?(?<path>[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*)(?::(?<tag>\w[\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

export function parseImageReference(ref: string): { registry?: string; path: string; tag?: string; digest?: string } | null {
  const match = IMAGE_REFERENCE.exec(ref);
  if (!match?.groups?.path) return null;
  let { registry, path } = match.groups;
  // "a/b" without a dot, colon or "localhost" in the first part is a Docker Hub namespace, not a registry.
  if (registry && !/[.:]/.test(registry) && registry !== 'localhost') {
    path = `${registry}/${path}`;
    registry = undefined;
  }
  const result: { registry?: string; path: string; tag?: string; digest?: string } = { path };
  if (registry) result.registry = registry;
  if (match.groups.tag) result.tag = match.groups.tag;
  if (match.groups.digest) result.digest = match.groups.digest;
  return result;
}

export interface ImageCheckContext {
  root: string;
  /** Build stages of a Dockerfile (absolute path), to check `build.target`. */
  stagesOf: (dockerfile: string) => string[];
}

/**
 * Every service has an image or a build; image references parse and are pinned (a tag other than
 * "latest", or a digest); build contexts and Dockerfiles exist and targets are stages; an image that
 * is never pulled is built by some service of the file.
 */
export function checkImages(doc: ComposeDocument, ctx: ImageCheckContext): string[] {
  const problems: string[] = [];
  const builtImages = new Set<string>();
  for (const service of Object.values(doc.services)) {
    if (service.build !== undefined && service.image) builtImages.add(service.image);
  }
  for (const [name, service] of Object.entries(doc.services)) {
    const build = buildOf(service);
    if (!service.image && !build) {
      problems.push(`${name}: has neither image nor build`);
      continue;
    }
    if (service.image) {
      const ref = parseImageReference(service.image);
      if (!ref) problems.push(`${name}: image "${service.image}" is not a valid image reference`);
      else if (!build && !builtImages.has(service.image)) {
        if (!ref.tag && !ref.digest) problems.push(`${name}: image "${service.image}" has no tag (pin a version)`);
        if (ref.tag === 'latest' && !ref.digest) problems.push(`${name}: image "${service.image}" uses the floating tag latest`);
      }
    }
    if (!build && service.pull_policy === 'never' && !(service.image && builtImages.has(service.image))) {
      problems.push(`${name}: pull_policy never, but no service builds image "${service.image ?? ''}"`);
    }
    if (build) {
      if (!service.image) problems.push(`${name}: builds without an image name, so the image cannot be shared`);
      const context = resolve(ctx.root, build.context ?? '.');
      if (!existsSync(context)) {
        problems.push(`${name}: build context ${build.context ?? '.'} does not exist`);
        continue;
      }
      const dockerfile = resolve(context, build.dockerfile ?? 'Dockerfile');
      if (!existsSync(dockerfile)) {
        problems.push(`${name}: Dockerfile ${build.dockerfile ?? 'Dockerfile'} does not exist in ${build.context ?? '.'}`);
        continue;
      }
      if (build.target !== undefined && !ctx.stagesOf(dockerfile).includes(build.target)) {
        problems.push(`${name}: build target ${build.target} is not a stage of ${build.dockerfile ?? 'Dockerfile'}`);
      }
    }
  }
  return problems;
}

/** Named volumes are declared at top level; relative bind-mount sources exist (except those allowed to be created). */
export function checkVolumes(doc: ComposeDocument, root: string, mayBeCreated: string[] = []): string[] {
  const problems: string[] = [];
  const declared = new Set(Object.keys(doc.volumes ?? {}));
  for (const [name, service] of Object.entries(doc.services)) {
    for (const mount of volumesOf(service)) {
      if (!mount.target.startsWith('/')) problems.push(`${name}: volume target ${mount.target} is not an absolute path`);
      if (mount.type === 'volume' && mount.source !== undefined && !declared.has(mount.source)) {
        problems.push(`${name}: named volume ${mount.source} is not declared under top-level volumes`);
      }
      if (mount.type === 'bind' && mount.source?.startsWith('.')) {
        const normalized = mount.source.replace(/^\.\//, '').replace(/\/$/, '');
        if (!mayBeCreated.includes(normalized) && !existsSync(resolve(root, mount.source))) {
          problems.push(`${name}: bind-mount source ${mount.source} does not exist`);
        }
      }
    }
  }
  return problems;
}

export function checkHealthchecks(doc: ComposeDocument, names: string[]): string[] {
  return names.filter((name) => !hasHealthcheck(doc.services[name])).map((name) => `${name}: has no healthcheck`);
}

// ------------------------------------------------------------------ application services

const APP_COMMAND = /^services\/([a-z0-9][a-z0-9-]*)\/dist\/main\.js$/;

/** Compose services that run one of the workspace services: compose name -> services/<dir>. */
export function appServices(doc: ComposeDocument): Map<string, string> {
  const found = new Map<string, string>();
  for (const [name, service] of Object.entries(doc.services)) {
    const [bin, script, ...rest] = commandOf(service);
    const match = script ? APP_COMMAND.exec(script) : null;
    if (bin === 'node' && rest.length === 0 && match?.[1]) found.set(name, match[1]);
  }
  return found;
}

/** The service's workspace package exists, is @ctp/<name>, and its main.ts compiles to the dist/main.js the command runs. */
export function checkAppServicePackage(root: string, composeName: string, dir: string): string[] {
  const problems: string[] = [];
  if (dir !== composeName) problems.push(`${composeName}: runs services/${dir}, not services/${composeName}`);
  const projectDir = join(root, 'services', dir);
  const manifest = join(projectDir, 'package.json');
  if (!existsSync(manifest)) return [...problems, `${composeName}: services/${dir}/package.json does not exist`];
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
  if (pkg.name !== `@ctp/${dir}`) problems.push(`${composeName}: services/${dir}/package.json is named ${String(pkg.name)}, not @ctp/${dir}`);
  if (!existsSync(join(projectDir, 'src', 'main.ts'))) problems.push(`${composeName}: services/${dir}/src/main.ts does not exist`);
  try {
    const out = tscOutputFor(projectDir, 'tsconfig.build.json', 'src/main.ts');
    if (out !== 'dist/main.js') problems.push(`${composeName}: src/main.ts builds to ${out}, but compose runs dist/main.js`);
  } catch (error) {
    problems.push(`${composeName}: ${(error as Error).message}`);
  }
  return problems;
}

/** The compose entry agrees with the service's own definition: name, port, and only config keys it knows. */
export function checkAgainstDefinition(composeName: string, service: ComposeService, def: ServiceDefinitionLike): string[] {
  const problems: string[] = [];
  const env = environmentOf(service);
  if (def.name !== composeName) problems.push(`${composeName}: definition is named ${def.name}`);
  if (env.PORT !== String(def.defaultPort)) {
    problems.push(`${composeName}: PORT is ${String(env.PORT)}, the service's default port is ${def.defaultPort}`);
  }
  const published = portsOf(service).some((p) => p.target === String(def.defaultPort) && p.published === String(def.defaultPort));
  if (!published) problems.push(`${composeName}: port ${def.defaultPort} is not published as ${def.defaultPort}`);
  const keys = new Set(Object.keys(def.configSchema.shape));
  for (const key of Object.keys(env)) {
    if (!keys.has(key)) problems.push(`${composeName}: sets ${key}, which is not a key of its config schema`);
  }
  // The values themselves must pass the service's own config schema (as at start-up).
  const parsed = def.configSchema.safeParse?.(env);
  for (const issue of parsed && !parsed.success ? (parsed.error?.issues ?? []) : []) {
    problems.push(`${composeName}: config ${issue.path.map(String).join('.')}: ${issue.message}`);
  }
  return problems;
}

export const REQUIRED_APP_ENV = [
  'PORT',
  'HOST',
  'NODE_ENV',
  'LOG_LEVEL',
  'EVENT_STORE_URL',
  'KAFKA_BROKERS',
  'MONGO_URL',
  'API_KEYS_FILE',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME',
] as const;

function hostPort(value: string): { host: string; port: string } | null {
  const match = /^([^:/?#]+):(\d+)$/.exec(value);
  return match?.[1] && match[2] ? { host: match[1], port: match[2] } : null;
}

/**
 * The app's environment is complete and wired to this file: the event store is the EventStoreDB/KurrentDB
 * adapter on a compose service; brokers are advertised listeners of a compose Kafka; Mongo names the
 * replica set the mongo service starts; OTLP goes to a compose service; the API keys file is mounted.
 */
export function checkAppEnvironment(doc: ComposeDocument, composeName: string, configKeys?: readonly string[]): string[] {
  const service = doc.services[composeName];
  if (!service) return [`${composeName}: no such service`];
  const env = environmentOf(service);
  const problems: string[] = [];
  const required = REQUIRED_APP_ENV.filter((key) => !configKeys || configKeys.includes(key));
  for (const key of required) if (!env[key]) problems.push(`${composeName}: ${key} is not set`);
  if (env.HOST && env.HOST !== '0.0.0.0') problems.push(`${composeName}: HOST must be 0.0.0.0 inside a container`);
  if (env.OTEL_SERVICE_NAME && env.OTEL_SERVICE_NAME !== composeName) {
    problems.push(`${composeName}: OTEL_SERVICE_NAME is ${env.OTEL_SERVICE_NAME}`);
  }
  const isService = (host: string) => host in doc.services;

  if (env.EVENT_STORE_URL) {
    try {
      const url = new URL(env.EVENT_STORE_URL);
      if (!['esdb:', 'kurrentdb:'].includes(url.protocol)) {
        problems.push(`${composeName}: EVENT_STORE_URL must use the EventStoreDB adapter (esdb:// or kurrentdb://), got ${url.protocol}`);
      }
      if (!isService(url.hostname)) problems.push(`${composeName}: EVENT_STORE_URL host ${url.hostname} is not a compose service`);
    } catch {
      problems.push(`${composeName}: EVENT_STORE_URL is not a URL`);
    }
  }

  if (env.KAFKA_BROKERS) {
    for (const broker of env.KAFKA_BROKERS.split(',').map((b) => b.trim())) {
      const hp = hostPort(broker);
      const kafka = hp ? doc.services[hp.host] : undefined;
      if (!hp || !kafka) {
        problems.push(`${composeName}: broker ${broker} is not host:port of a compose service`);
        continue;
      }
      const advertised = environmentOf(kafka).KAFKA_ADVERTISED_LISTENERS ?? '';
      const listeners = advertised.split(',').map((l) => l.trim().replace(/^[A-Za-z_]+:\/\//, ''));
      if (!listeners.includes(broker)) {
        problems.push(`${composeName}: broker ${broker} is not an advertised listener of ${hp.host} (${advertised})`);
      }
    }
  }

  if (env.MONGO_URL) {
    try {
      const url = new URL(env.MONGO_URL);
      const mongo = doc.services[url.hostname];
      if (url.protocol !== 'mongodb:' || !mongo) {
        problems.push(`${composeName}: MONGO_URL must be mongodb://<compose service>, got ${env.MONGO_URL}`);
      } else {
        const command = commandOf(mongo);
        const replSet = command[command.indexOf('--replSet') + 1];
        const wanted = url.searchParams.get('replicaSet');
        if (command.indexOf('--replSet') === -1) problems.push(`${composeName}: ${url.hostname} is not started with --replSet`);
        else if (wanted !== replSet) problems.push(`${composeName}: MONGO_URL replicaSet=${String(wanted)}, ${url.hostname} runs ${String(replSet)}`);
      }
    } catch {
      problems.push(`${composeName}: MONGO_URL is not a URL`);
    }
  }

  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    try {
      const url = new URL(env.OTEL_EXPORTER_OTLP_ENDPOINT);
      if (!isService(url.hostname)) problems.push(`${composeName}: OTLP endpoint host ${url.hostname} is not a compose service`);
    } catch {
      problems.push(`${composeName}: OTEL_EXPORTER_OTLP_ENDPOINT is not a URL`);
    }
  }

  if (env.API_KEYS_FILE) {
    const file = env.API_KEYS_FILE;
    const mounted = volumesOf(service).some((m) => file.startsWith(`${m.target.replace(/\/$/, '')}/`));
    if (!mounted) problems.push(`${composeName}: API_KEYS_FILE ${file} is not inside a mounted volume`);
  }
  return problems;
}

export const DEV_KEYS_COMMAND = 'node packages/service-kit/dist/cli/dev-keys.js --dir /app/.local';

/**
 * The one-shot key generator runs the service-kit CLI (whose source exists), writes into the bind-mounted
 * ./.local, and every app service waits for it to complete successfully.
 */
export function checkDevKeys(doc: ComposeDocument, root: string, appNames: string[], serviceName = 'dev-keys'): string[] {
  const service = doc.services[serviceName];
  if (!service) return [`${serviceName}: no such service`];
  const problems: string[] = [];
  const command = commandOf(service).join(' ').replace(/\s+/g, ' ');
  if (!command.includes(DEV_KEYS_COMMAND)) problems.push(`${serviceName}: command does not run "${DEV_KEYS_COMMAND}"`);
  const cliSource = join(root, 'packages', 'service-kit', 'src', 'cli', 'dev-keys.ts');
  if (!existsSync(cliSource)) problems.push(`${serviceName}: packages/service-kit/src/cli/dev-keys.ts does not exist`);
  else {
    try {
      const out = tscOutputFor(join(root, 'packages', 'service-kit'), 'tsconfig.build.json', 'src/cli/dev-keys.ts');
      if (out !== 'dist/cli/dev-keys.js') problems.push(`${serviceName}: src/cli/dev-keys.ts builds to ${out}`);
    } catch (error) {
      problems.push(`${serviceName}: ${(error as Error).message}`);
    }
  }
  const mount = volumesOf(service).find((m) => m.target === '/app/.local');
  if (!mount || mount.type !== 'bind' || mount.source?.replace(/\/$/, '') !== './.local' || mount.readOnly) {
    problems.push(`${serviceName}: must bind-mount ./.local read-write at /app/.local`);
  }
  for (const app of appNames) {
    const condition = dependsOnOf(doc.services[app] ?? {})[serviceName];
    if (condition !== 'service_completed_successfully') {
      problems.push(`${app}: must depend on ${serviceName} with condition service_completed_successfully (has ${String(condition)})`);
    }
  }
  return problems;
}

// ------------------------------------------------------------------ OpenTelemetry collector config

interface CollectorConfig {
  receivers?: Record<string, unknown>;
  processors?: Record<string, unknown>;
  exporters?: Record<string, { endpoint?: string } | null>;
  connectors?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
  service?: {
    extensions?: string[];
    pipelines?: Record<string, { receivers?: string[]; processors?: string[]; exporters?: string[] }>;
  };
}

/**
 * The collector config is consistent (pipelines only name declared components, each pipeline has a
 * receiver and an exporter), exporters point at compose services, and the app's OTLP/HTTP endpoint port
 * is one the otlp receiver listens on.
 */
export function checkCollectorConfig(configText: string, doc: ComposeDocument, otlpEndpoint: string | undefined): string[] {
  const config = parseComposeYaml(configText) as CollectorConfig;
  const problems: string[] = [];
  const declared = (kind: keyof CollectorConfig, id: string) =>
    Object.prototype.hasOwnProperty.call((config[kind] as Record<string, unknown> | undefined) ?? {}, id);
  for (const id of config.service?.extensions ?? []) if (!declared('extensions', id)) problems.push(`collector: extension ${id} is not declared`);
  const pipelines = Object.entries(config.service?.pipelines ?? {});
  if (!pipelines.some(([id]) => id === 'traces' || id.startsWith('traces/'))) problems.push('collector: no traces pipeline');
  for (const [id, pipeline] of pipelines) {
    if (!pipeline.receivers?.length) problems.push(`collector: pipeline ${id} has no receivers`);
    if (!pipeline.exporters?.length) problems.push(`collector: pipeline ${id} has no exporters`);
    for (const r of pipeline.receivers ?? []) if (!declared('receivers', r) && !declared('connectors', r)) problems.push(`collector: pipeline ${id} uses undeclared receiver ${r}`);
    for (const p of pipeline.processors ?? []) if (!declared('processors', p)) problems.push(`collector: pipeline ${id} uses undeclared processor ${p}`);
    for (const e of pipeline.exporters ?? []) if (!declared('exporters', e) && !declared('connectors', e)) problems.push(`collector: pipeline ${id} uses undeclared exporter ${e}`);
  }
  for (const [id, exporter] of Object.entries(config.exporters ?? {})) {
    const endpoint = exporter?.endpoint;
    if (!endpoint) continue;
    const host = /^(?:[a-z]+:\/\/)?([^:/]+)/.exec(endpoint)?.[1];
    if (host && !(host in doc.services)) problems.push(`collector: exporter ${id} sends to ${host}, which is not a compose service`);
  }
  if (otlpEndpoint) {
    const port = new URL(otlpEndpoint).port || '4318';
    const otlp = (config.receivers?.otlp ?? null) as { protocols?: { http?: { endpoint?: string } | null } } | null;
    const http = otlp?.protocols?.http;
    const listens = http === undefined ? undefined : (http?.endpoint ?? 'localhost:4318');
    if (!listens) problems.push('collector: the otlp receiver has no http protocol');
    else {
      if (!listens.endsWith(`:${port}`)) problems.push(`collector: otlp http listens on ${listens}, the services send to port ${port}`);
      if (!/^(0\.0\.0\.0|\[::\]|:)/.test(listens)) problems.push(`collector: otlp http listens on ${listens}, unreachable from other containers`);
    }
  }
  return problems;
}

interface PrometheusConfig {
  scrape_configs?: { job_name?: string; metrics_path?: string; authorization?: unknown; static_configs?: { targets?: string[] }[] }[];
}

/**
 * Prometheus scrapes `GET /metrics` of every app service at its compose name and PORT, names only
 * compose services, and either sends credentials or scrapes services whose METRICS_PUBLIC is true.
 */
export function checkPrometheusConfig(configText: string, doc: ComposeDocument): string[] {
  const config = parseComposeYaml(configText) as PrometheusConfig;
  const problems: string[] = [];
  const scraped = new Map<string, { port: string; authorized: boolean }>();
  for (const job of config.scrape_configs ?? []) {
    if ((job.metrics_path ?? '/metrics') !== '/metrics') problems.push(`prometheus: job ${job.job_name ?? '?'} scrapes ${job.metrics_path}, the services serve /metrics`);
    for (const target of (job.static_configs ?? []).flatMap((group) => group.targets ?? [])) {
      const [host = '', port = ''] = target.split(':');
      if (!(host in doc.services)) problems.push(`prometheus: target ${target} is not a compose service`);
      scraped.set(host, { port, authorized: job.authorization !== undefined });
    }
  }
  for (const name of appServices(doc).keys()) {
    const env = environmentOf(doc.services[name]!);
    const target = scraped.get(name);
    if (!target) problems.push(`prometheus: does not scrape ${name}`);
    else if (target.port !== env.PORT) problems.push(`prometheus: scrapes ${name} on port ${target.port}, it listens on ${env.PORT ?? '?'}`);
    else if (!target.authorized && env.METRICS_PUBLIC !== 'true') problems.push(`prometheus: scrapes ${name} without a key, but its METRICS_PUBLIC is not true`);
  }
  return problems;
}
