/** The rows a run can measure, in the order of the report. */
export const rowNames = ['append', 'intake', 'relay', 'projection', 'rebuild', 'size', 'e2e', 'tiering', 'timers', 'reads', 'dashboard'] as const;
export type RowName = (typeof rowNames)[number];
/** A full run's rows: tiering (a stored history of 100,000 customers), timers (sla's clocks), reads (read latency at 100,000 customers) and dashboard (the analysts' page over the demo data), each a section of its own, run only when named. */
export const fullRunRows: readonly RowName[] = rowNames.filter((name) => name !== 'tiering' && name !== 'timers' && name !== 'reads' && name !== 'dashboard');

export interface Selection {
  /** True when no row was named: the full run (every row but tiering), which rewrites the "Latest run" section. */
  readonly all: boolean;
  readonly names: readonly RowName[];
  has(name: RowName): boolean;
}

const usage = `usage: bench [--only ${rowNames.join(',')}]   (or BENCH_ONLY=...)`;

/** `--only a,b`, `--only=a,b` or BENCH_ONLY=a,b; a bare `--` (as pnpm may pass it) is ignored. */
export function selectedRows(argv: readonly string[], fromEnvironment?: string): Selection {
  const args = argv.filter((arg) => arg !== '--');
  let value = fromEnvironment?.trim() || undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--only' && args[i + 1] !== undefined) value = args[(i += 1)]!;
    else if (arg.startsWith('--only=')) value = arg.slice('--only='.length);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${usage}`);
  }
  if (value === undefined) return { all: true, names: fullRunRows, has: (name) => fullRunRows.includes(name) };
  const wanted = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = wanted.filter((name) => !(rowNames as readonly string[]).includes(name));
  if (unknown.length > 0 || wanted.length === 0) throw new Error(`unknown row ${unknown.join(', ') || '(none)'}\n${usage}`);
  const names = rowNames.filter((name) => wanted.includes(name));
  return { all: false, names, has: (name) => names.includes(name) };
}
