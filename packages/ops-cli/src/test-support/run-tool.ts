import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoryRoot } from '@ctp/test-kit';

export const builtTool = resolve(repositoryRoot, 'packages/ops-cli/dist/bin/ctp-ops.js');

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function requireBuiltTool(): void {
  if (!existsSync(builtTool)) throw new Error(`${builtTool} is missing: build it first (pnpm turbo run build --filter=@ctp/ops-cli)`);
}

/** Runs the built tool as an operator would: the services' URLs and the admin key in its environment, outside the repository. */
export function ctpOpsWith(services: () => Record<string, string>, adminKey: () => string) {
  return (...argv: string[]) =>
    new Promise<Outcome>((done) => {
      const environment = { PATH: process.env.PATH ?? '', CTP_OPS_SERVICES: Object.entries(services()).map(([name, url]) => `${name}=${url}`).join(','), CTP_ADMIN_KEY: adminKey() };
      execFile(process.execPath, [builtTool, ...argv], { env: environment, cwd: '/' }, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    });
}
