import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, freemem, loadavg, totalmem } from 'node:os';

export interface Row {
  readonly path: string;
  readonly ours: string;
  readonly raw: string;
  readonly ratio: string;
  readonly target: string;
  /** null: not measured. */
  readonly met: boolean | null;
}

export interface Machine {
  readonly cores: number;
  readonly memory: string;
  readonly cpu: string;
  readonly node: string;
  readonly date: string;
  readonly loadBefore: string;
}

export function describeMachine(): Machine {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return {
    cores: availableParallelism(),
    memory: `${gib(totalmem())} (${gib(freemem())} free)`,
    cpu: model.trim(),
    node: process.version,
    date: new Date().toISOString(),
    loadBefore: loadavg().map((load) => load.toFixed(2)).join(' / '),
  };
}

export const rate = (value: number) => Math.round(value).toLocaleString('en-US');
export const ratio = (ours: number, raw: number) => `${(ours / raw).toFixed(2)}x`;

const headers = ['path', 'ours (events/s)', 'raw limit (events/s)', 'ours/raw', 'target', 'met'];
const cells = (row: Row) => [row.path, row.ours, row.raw, row.ratio, row.target, row.met === null ? 'not measured' : row.met ? 'yes' : 'NO'];

export function textTable(rows: readonly Row[]): string {
  return textGrid(headers, rows.map(cells));
}

export function markdownTable(rows: readonly Row[]): string {
  return markdownGrid(headers, rows.map(cells));
}

/** Columns padded to their widest cell. */
export function textGrid(head: readonly string[], body: readonly (readonly string[])[]): string {
  const lines = [head, ...body];
  const widths = head.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  return lines.map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')).join('\n');
}

export function markdownGrid(head: readonly string[], body: readonly (readonly string[])[]): string {
  const line = (values: readonly string[]) => `| ${values.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

const begin = '<!-- bench:begin (written by `pnpm --filter @ctp/benchmarks bench`) -->';
const end = '<!-- bench:end -->';
const onlyBegin = '<!-- bench-only:begin (written by `pnpm --filter @ctp/benchmarks bench -- --only <rows>`; a full run removes it) -->';
const onlyEnd = '<!-- bench-only:end -->';

/** Replaces the generated section of the doc, keeping the hand-written text around it; drops a section of selected rows. */
export function writeResults(docPath: string, section: string): void {
  const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : `# Benchmarks\n\n${begin}\n${end}\n`;
  writeFileSync(docPath, replaceBlock(replaceBlock(current, begin, end, `${begin}\n${section.trim()}\n${end}`), onlyBegin, onlyEnd, ''));
}

/** Writes the section of a run of selected rows (`--only`) just below the full run's section, which stays as it is. */
export function writeSelectedResults(docPath: string, section: string): void {
  const current = readFileSync(docPath, 'utf8');
  const block = `${onlyBegin}\n${section.trim()}\n${onlyEnd}`;
  if (current.includes(opening(onlyBegin))) {
    writeFileSync(docPath, replaceBlock(current, onlyBegin, onlyEnd, block));
    return;
  }
  const stop = current.indexOf(end);
  writeFileSync(docPath, stop >= 0 ? `${current.slice(0, stop + end.length)}\n\n${block}${current.slice(stop + end.length)}` : `${current.trimEnd()}\n\n${block}\n`);
}

/**
 * Replaces the block between `<!-- <name>:begin ... -->` and `<!-- <name>:end -->` (appended at the
 * end when absent), keeping everything else: a section that other runs never touch.
 */
export function writeBlock(docPath: string, name: string, about: string, section: string): void {
  const [first, last] = [`<!-- ${name}:begin (${about}) -->`, `<!-- ${name}:end -->`];
  writeFileSync(docPath, replaceBlock(readFileSync(docPath, 'utf8'), first, last, `${first}\n${section.trim()}\n${last}`));
}

/** `<!-- name:begin`: how a begin marker is found whatever its comment says. */
const opening = (marker: string) => marker.slice(0, marker.indexOf(':begin') + ':begin'.length);

/** The text with the block from `first`'s opening to `last` replaced (appended when absent), or removed when `block` is empty. */
function replaceBlock(text: string, first: string, last: string, block: string): string {
  const start = text.indexOf(opening(first));
  const stop = start >= 0 ? text.indexOf(last, start) : -1;
  if (start >= 0 && stop > start) {
    const after = text.slice(stop + last.length);
    return block === '' ? `${text.slice(0, start).trimEnd()}\n${after.replace(/^\n+/, after.trim() ? '\n' : '')}` : `${text.slice(0, start)}${block}${after}`;
  }
  return block === '' ? text : `${text.trimEnd()}\n\n${block}\n`;
}
