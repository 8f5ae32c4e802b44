export { main, type Terminal } from './cli/main.js';
export { parseCommand } from './cli/options.js';
export { FatalError } from './errors.js';
export { applyMapping } from './input/csv/apply-mapping.js';
export { CsvParser, type CsvRecord } from './input/csv/csv-parser.js';
export { mappingSchema, parseMapping, type Mapping } from './input/csv/mapping.js';
export type { Reason, Row } from './input/rows.js';
export { runImport, type ImportOptions, type ImportResult } from './run/run-import.js';
export { formatSummary, type Summary } from './run/summary.js';
