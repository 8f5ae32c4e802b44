import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { parse } from 'yaml';

/** The repository root: the nearest folder at or above `start` that holds pnpm-workspace.yaml. */
export function findRepoRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml at or above ${start}`);
    dir = parent;
  }
}

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export interface PackageJson {
  name?: string;
  packageManager?: string;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The pnpm version pinned by the root package.json `packageManager` ("pnpm@10.34.9[+sha...]"). */
export function pinnedPnpmVersion(root: string): string {
  const pm = readJson<PackageJson>(join(root, 'package.json')).packageManager;
  const match = pm ? /^pnpm@(\d+\.\d+\.\d+[^+\s]*)(?:\+\S+)?$/.exec(pm) : null;
  if (!match?.[1]) throw new Error(`root package.json packageManager must be "pnpm@<version>", got ${String(pm)}`);
  return match[1];
}

/**
 * Workspace project folders (relative, posix) from pnpm-workspace.yaml. Supports the patterns this
 * repository uses: exact folders and "<folder>/*"; anything else throws so it gets noticed.
 */
export function workspaceProjectDirs(root: string): string[] {
  const config = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages?: unknown };
  const patterns = Array.isArray(config.packages) ? (config.packages as unknown[]) : [];
  const dirs = new Set<string>();
  for (const pattern of patterns) {
    if (typeof pattern !== 'string') throw new Error(`pnpm-workspace.yaml: pattern ${String(pattern)} is not a string`);
    if (pattern.startsWith('!')) throw new Error(`pnpm-workspace.yaml: exclusions (${pattern}) are not supported here`);
    const clean = pattern.replace(/\/+$/, '');
    if (clean.endsWith('/*') && !clean.slice(0, -2).includes('*')) {
      const base = clean.slice(0, -2);
      const abs = join(root, base);
      if (!existsSync(abs)) continue;
      for (const entry of readdirSync(abs).sort()) {
        if (statSync(join(abs, entry)).isDirectory() && existsSync(join(abs, entry, 'package.json'))) {
          dirs.add(posix.join(base, entry));
        }
      }
    } else if (!clean.includes('*')) {
      if (existsSync(join(root, clean, 'package.json'))) dirs.add(clean);
    } else {
      throw new Error(`pnpm-workspace.yaml: pattern ${pattern} is not supported by @ctp/deployment`);
    }
  }
  return [...dirs].sort();
}

interface TsConfig {
  extends?: string;
  compilerOptions?: { rootDir?: string; outDir?: string };
}

/** Where tsc puts the output for `sourceFile` (relative to the project), following the tsconfig `extends` chain. */
export function tscOutputFor(projectDir: string, tsconfigFile: string, sourceFile: string): string {
  let rootDir: string | undefined;
  let outDir: string | undefined;
  let current: string | undefined = resolve(projectDir, tsconfigFile);
  const seen = new Set<string>();
  while (current && !seen.has(current)) {
    seen.add(current);
    const config: TsConfig = readJson<TsConfig>(current);
    const options = config.compilerOptions ?? {};
    if (rootDir === undefined && options.rootDir) rootDir = resolve(dirname(current), options.rootDir);
    if (outDir === undefined && options.outDir) outDir = resolve(dirname(current), options.outDir);
    current = config.extends?.startsWith('.') ? resolve(dirname(current), config.extends) : undefined;
  }
  if (!rootDir || !outDir) throw new Error(`${tsconfigFile} in ${projectDir} sets no rootDir/outDir`);
  const rel = relative(rootDir, resolve(projectDir, sourceFile));
  if (rel.startsWith('..')) throw new Error(`${sourceFile} lies outside rootDir ${relative(projectDir, rootDir)}`);
  const out = join(outDir, rel).replace(/\.(m|c)?tsx?$/, (_m, kind: string | undefined) => `.${kind ?? ''}js`);
  return relative(projectDir, out).split('\\').join('/');
}
