import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('CSV', () => {
  it('quotes what needs quoting, leaves numbers alone and defuses spreadsheet formulas', () => {
    const csv = toCsv(['team', 'note', 'value', 'trace'], [
      { team: 'T-1', note: 'said "hi", then left', value: -0.5, trace: [{ position: '7' }] },
      { team: '=cmd()', note: null, value: 3 },
    ]);
    expect(csv).toBe('team,note,value,trace\r\nT-1,"said ""hi"", then left",-0.5,"[{""position"":""7""}]"\r\n\'=cmd(),,3,\r\n');
  });
});
