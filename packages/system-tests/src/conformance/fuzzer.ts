import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '@ctp/test-kit';

/** Installed by `scripts/lib/toolchain.sh` (ensure_fuzzer), pinned there. */
export const fuzzerPath = join(repositoryRoot, '.local/tools/schemathesis/bin/schemathesis');

export function fuzzerInstalled(): boolean {
  return existsSync(fuzzerPath);
}

/** What the fuzzer holds every answer to: no 5xx, problem+json errors, documented statuses, headers and bodies, 405 for undeclared methods, refused invalid input. */
const checks = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'unsupported_method',
  'missing_required_header',
  'ignored_auth',
];

export interface FuzzRun {
  readonly service: string;
  readonly role: string;
  readonly operationIds: readonly string[];
  readonly exitCode: number | null;
  readonly output: string;
}

export interface FuzzTarget {
  readonly service: string;
  readonly baseUrl: string;
  readonly role: string;
  readonly key: string;
  readonly operationIds: readonly string[];
  readonly maxExamples: number;
}

/** One bounded, reproducible run (fixed seed, no example database) of the operations one role may call. */
export async function fuzz(target: FuzzTarget): Promise<FuzzRun> {
  const args = [
    'run', `${target.baseUrl}/openapi.json`,
    '--url', target.baseUrl,
    '--header', `Authorization: Bearer ${target.key}`,
    '--checks', checks.join(','),
    '--phases', 'examples,coverage,fuzzing',
    '--max-examples', String(target.maxExamples),
    '--seed', '20261202',
    '--workers', '1',
    '--generation-database', 'none',
    '--request-timeout', '30',
    '--no-color',
    ...target.operationIds.flatMap((id) => ['--include-operation-id', id]),
  ];
  const child = spawn(fuzzerPath, args, { cwd: repositoryRoot, env: { ...process.env, SCHEMATHESIS_HOOKS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number | null>((done) => child.on('close', done));
  return { service: target.service, role: target.role, operationIds: target.operationIds, exitCode, output };
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, { operationId?: string; description?: string }>>;
}

/** The operations of a served document grouped by the first role allowed to call them ("Roles: a, b." in their description). */
export async function operationsByRole(baseUrl: string): Promise<Map<string, string[]>> {
  const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as OpenApiDocument;
  const byRole = new Map<string, string[]>();
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      // A public operation (an unsubscribe link) is fuzzed with the integrator's key, which it ignores.
      const role = /Roles: ([a-z]+)/.exec(operation.description ?? '')?.[1] ?? (operation.description?.startsWith('Public') ? 'integrator' : undefined);
      if (!operation.operationId || !role) continue;
      byRole.set(role, [...(byRole.get(role) ?? []), operation.operationId]);
    }
  }
  return byRole;
}
