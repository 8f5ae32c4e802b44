export const conversions = ['string', 'integer', 'decimal', 'boolean', 'json', 'datetime'] as const;
export type Conversion = (typeof conversions)[number];

export type Converted = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

const booleans: Record<string, boolean> = { true: true, false: false, yes: true, no: false, y: true, n: false, '1': true, '0': false };
const dateTime = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:\d{2})?$/i;

const ok = (value: unknown): Converted => ({ ok: true, value });
const fail = (message: string): Converted => ({ ok: false, message });

function toDateTime(text: string, offset: string | undefined): Converted {
  const match = dateTime.exec(text);
  if (!match) return fail(`"${text}" is not a date-time like 2026-03-01T10:00:00+08:00`);
  const [, date, time, stated] = match;
  const zone = stated?.toUpperCase() ?? offset;
  if (zone === undefined) return fail(`"${text}" has no UTC offset; set "offset" for this column in the mapping`);
  const value = `${date}T${time!.length === 5 ? `${time}:00` : time}${zone}`;
  const day = new Date(`${date}T00:00:00Z`);
  const realDate = !Number.isNaN(day.getTime()) && day.toISOString().startsWith(date!);
  return realDate && !Number.isNaN(Date.parse(value)) ? ok(value) : fail(`"${text}" is not a real date-time`);
}

/** Turns one CSV cell into a JSON value of the wanted kind; `offset` completes a datetime without one. */
export function convert(text: string, as: Conversion, offset?: string): Converted {
  const trimmed = text.trim();
  switch (as) {
    case 'string':
      return ok(text);
    case 'integer': {
      const value = Number(trimmed);
      return /^-?\d+$/.test(trimmed) && Number.isSafeInteger(value) ? ok(value) : fail(`"${text}" is not an integer`);
    }
    case 'decimal':
      return /^-?\d+(\.\d+)?$/.test(trimmed) ? ok(trimmed) : fail(`"${text}" is not a decimal number like 1299.50`);
    case 'boolean': {
      const value = booleans[trimmed.toLowerCase()];
      return value === undefined ? fail(`"${text}" is not a boolean (true/false, yes/no, 1/0)`) : ok(value);
    }
    case 'json':
      try {
        return ok(JSON.parse(text));
      } catch (error) {
        return fail(`not valid JSON: ${(error as Error).message}`);
      }
    case 'datetime':
      return toDateTime(trimmed, offset);
    default: {
      const unknown: never = as;
      return fail(`unknown conversion ${String(unknown)}`);
    }
  }
}
