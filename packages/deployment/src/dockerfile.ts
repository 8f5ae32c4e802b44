import dockerignore from '@balena/dockerignore';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

// @balena/dockerignore is CommonJS (module.exports = factory) while its typings declare a default
// export: take whichever of the two this loader hands over.
type IgnoreFactory = typeof dockerignore.default;
const ignore: IgnoreFactory =
  (dockerignore as { default?: IgnoreFactory }).default ?? (dockerignore as unknown as IgnoreFactory);

export interface DockerfileStage {
  name: string | undefined;
  /** FROM image as written (may contain ${ARG}). */
  from: string;
  /** FROM image with global ARG defaults substituted. */
  resolvedFrom: string;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  stages: DockerfileStage[];
  globalArgs: Record<string, string | undefined>;
  instructions: Instruction[];
}

function substitute(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a?: string, b?: string) => {
    const value = vars[(a ?? b) as string];
    return value === undefined ? whole : value;
  });
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const globalArgs: Record<string, string | undefined> = {};
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) globalArgs[property.getName()] = property.getValue() ?? undefined;
  }
  const instructions = dockerfile.getInstructions();
  const stages: DockerfileStage[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      const from = dockerfile.getFROMs().find((f) => f.getRange().start.line === instruction.getRange().start.line);
      const image = from?.getImage() ?? '';
      stages.push({
        name: from?.getBuildStage() ?? undefined,
        from: image,
        resolvedFrom: substitute(image, globalArgs),
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { stages, globalArgs, instructions };
}

export function stageNames(text: string): string[] {
  return parseDockerfile(text)
    .stages.map((s) => s.name)
    .filter((n): n is string => n !== undefined);
}

/** ARG defaults declared inside a stage (e.g. PNPM_VERSION in base), merged over the global ones. */
function stageArgs(parsed: ParsedDockerfile, stage: DockerfileStage): Record<string, string | undefined> {
  const vars = { ...parsed.globalArgs };
  for (const instruction of stage.instructions) {
    if (instruction.getKeyword() !== 'ARG') continue;
    const [first] = instruction.getArguments();
    const text = first?.getValue() ?? '';
    const at = text.indexOf('=');
    if (at > 0) vars[text.slice(0, at)] = text.slice(at + 1).replace(/^"(.*)"$/, '$1');
  }
  return vars;
}

const runText = (i: Instruction) => i.getArgumentsContent() ?? '';
/** The --from=<stage> flag of a COPY, if any (flags are not part of the arguments). */
const fromStage = (i: Instruction) => /^\s*\S+\s+(?:--\S+\s+)*?--from=(\S+)/i.exec(i.getTextContent())?.[1];

export interface DockerfileExpectations {
  /** node base image every external FROM must use, e.g. node:20-bookworm-slim. */
  baseImage: string;
  /** pnpm version of package.json "packageManager". */
  pnpmVersion: string;
  /** Files the dependency install needs, copied before the first `pnpm install`. */
  manifests: string[];
}

/**
 * The Dockerfile parses cleanly (dockerfile-utils, the VS Code Docker validator), builds from the
 * expected node image with the pinned pnpm, copies every manifest before installing, installs with
 * a frozen lockfile, builds with turbo, and ends in a non-root stage with production dependencies and
 * NODE_ENV=production.
 */
export function checkDockerfile(text: string, expected: DockerfileExpectations): string[] {
  const problems: string[] = [];
  for (const diagnostic of validate(text)) {
    problems.push(`Dockerfile:${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
  }
  const parsed = parseDockerfile(text);
  if (parsed.stages.length === 0) return [...problems, 'Dockerfile: no FROM'];

  const seen: string[] = [];
  for (const stage of parsed.stages) {
    if (!seen.includes(stage.resolvedFrom) && stage.resolvedFrom !== expected.baseImage) {
      problems.push(`Dockerfile: stage ${stage.name ?? '?'} builds FROM ${stage.resolvedFrom}, expected ${expected.baseImage} or an earlier stage`);
    }
    if (stage.name) seen.push(stage.name);
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'COPY') continue;
      const fromFlag = fromStage(instruction);
      if (fromFlag && !seen.includes(fromFlag)) problems.push(`Dockerfile: COPY --from=${fromFlag} names no earlier stage`);
    }
  }

  // pnpm: installed at exactly the version of "packageManager".
  const pnpmInstalls: string[] = [];
  for (const stage of parsed.stages) {
    const vars = stageArgs(parsed, stage);
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'RUN') continue;
      const run = runText(instruction);
      const match = /(?:npm\s+(?:install|i|add)\b[^&|;]*?|corepack\s+(?:prepare|install|use)\b[^&|;]*?)["']?pnpm@([^\s"'&|;]+)/.exec(run);
      if (match?.[1]) pnpmInstalls.push(substitute(match[1], vars));
    }
  }
  if (pnpmInstalls.length === 0) problems.push('Dockerfile: does not install pnpm@<version> (npm i -g or corepack)');
  for (const version of pnpmInstalls) {
    if (version !== expected.pnpmVersion) {
      problems.push(`Dockerfile: installs pnpm@${version}, package.json packageManager pins pnpm@${expected.pnpmVersion}`);
    }
  }

  // Layer caching: manifests first, then install, then sources.
  const all = parsed.instructions;
  const firstInstall = all.findIndex((i) => i.getKeyword() === 'RUN' && /\bpnpm\s+(?:install|i)\b/.test(runText(i)));
  if (firstInstall === -1) problems.push('Dockerfile: never runs pnpm install');
  const copiedBeforeInstall = new Set<string>();
  all.forEach((instruction, index) => {
    if (instruction.getKeyword() !== 'COPY' || fromStage(instruction) !== undefined) return;
    const args = instruction
      .getArguments()
      .map((a) => a.getValue())
      .filter((a) => !a.startsWith('--'));
    const sources = args.slice(0, -1).map((s) => s.replace(/^\.\//, ''));
    if (firstInstall !== -1 && index < firstInstall) {
      if (sources.includes('.')) problems.push('Dockerfile: copies the whole context before pnpm install (defeats layer caching)');
      for (const source of sources) copiedBeforeInstall.add(source);
    }
  });
  for (const manifest of expected.manifests) {
    if (!copiedBeforeInstall.has(manifest)) problems.push(`Dockerfile: ${manifest} is not copied before pnpm install`);
  }

  const runs = all.filter((i) => i.getKeyword() === 'RUN').map(runText);
  const installs = runs.filter((r) => /\bpnpm\s+(?:install|i)\b/.test(r));
  if (!installs.some((r) => /--frozen-lockfile/.test(r) && !/--prod\b/.test(r))) {
    problems.push('Dockerfile: no full `pnpm install --frozen-lockfile` for the build');
  }
  if (!runs.some((r) => /\bturbo\s+(?:run\s+)?build\b/.test(r))) problems.push('Dockerfile: does not build with `turbo run build`');
  const prodInstall = runs.some(
    (r) => (/\bpnpm\s+(?:install|i)\b/.test(r) && /--prod\b/.test(r) && /--frozen-lockfile/.test(r)) || /\bpnpm\s+prune\b.*--prod\b/.test(r),
  );
  if (!prodInstall) problems.push('Dockerfile: production dependencies are not installed with --prod --frozen-lockfile (or pnpm prune --prod)');

  // Runtime stage: the last one.
  const runtime = parsed.stages.at(-1);
  if (runtime) {
    const users = runtime.instructions.filter((i) => i.getKeyword() === 'USER').map((i) => runText(i).trim());
    const user = users.at(-1);
    if (!user) problems.push('Dockerfile: the final stage runs as root (no USER)');
    else if (/^(root|0)(:.*)?$/.test(user)) problems.push(`Dockerfile: the final stage runs as ${user}`);
    const envs = runtime.instructions.filter((i) => i.getKeyword() === 'ENV').map(runText);
    if (!envs.some((e) => /(^|\s)NODE_ENV[= ]+"?production"?(\s|$)/.test(e))) {
      problems.push('Dockerfile: the final stage does not set NODE_ENV=production');
    }
    for (const instruction of runtime.instructions) {
      if (instruction.getKeyword() === 'RUN' && /\bpnpm\s+(?:install|i)\b/.test(runText(instruction)) && !/--prod\b/.test(runText(instruction))) {
        problems.push('Dockerfile: the final stage installs devDependencies');
      }
    }
  }
  return problems;
}

/** Sources that the Dockerfile COPYs from the build context (not from other stages). */
export function contextSources(text: string): string[] {
  const sources = new Set<string>();
  for (const instruction of parseDockerfile(text).instructions) {
    if (!['COPY', 'ADD'].includes(instruction.getKeyword()) || fromStage(instruction) !== undefined) continue;
    const args = instruction
      .getArguments()
      .map((a) => a.getValue())
      .filter((a) => !a.startsWith('--'));
    for (const source of args.slice(0, -1)) sources.add(source.replace(/^\.\//, ''));
  }
  return [...sources];
}

/**
 * .dockerignore, read by the same matcher Docker's own clients use (@balena/dockerignore): paths the
 * build needs stay in the context, local artefacts stay out.
 */
export function checkDockerignore(text: string, mustKeep: string[], mustDrop: string[]): string[] {
  const matcher = ignore().add(text.split(/\r?\n/));
  const problems: string[] = [];
  for (const path of mustKeep) if (path !== '.' && matcher.ignores(path)) problems.push(`.dockerignore: excludes ${path}, which the build needs`);
  for (const path of mustDrop) if (!matcher.ignores(path)) problems.push(`.dockerignore: does not exclude ${path}`);
  return problems;
}
