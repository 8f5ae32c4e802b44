import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvRecord } from './csv-parser.js';

function parse(text: string, delimiter?: string): CsvRecord[] {
  const parser = new CsvParser(delimiter);
  return [...parser.push(text), ...parser.end()];
}

function parseCharByChar(text: string): CsvRecord[] {
  const parser = new CsvParser();
  return [...[...text].flatMap((char) => parser.push(char)), ...parser.end()];
}

describe('CsvParser', () => {
  it('splits records and fields, with or without a final line break', () => {
    expect(parse('id,amount\n1,10.50\n2,3')).toEqual([
      { line: 1, fields: ['id', 'amount'] },
      { line: 2, fields: ['1', '10.50'] },
      { line: 3, fields: ['2', '3'] },
    ]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', () => {
    const records = parse('name,note\n"Wei, Li","said ""hi""\nthen left"\n"",x\n');
    expect(records).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Wei, Li', 'said "hi"\nthen left'] },
      { line: 4, fields: ['', 'x'] },
    ]);
  });

  it('treats CRLF, LF and CR alike, even when a chunk ends between CR and LF', () => {
    const text = 'a,b\r\n1,2\r3,4\n"x\r\ny",5\r\n';
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
      { line: 4, fields: ['x\ny', '5'] },
    ];
    expect(parse(text)).toEqual(expected);
    expect(parseCharByChar(text)).toEqual(expected);
  });

  it('keeps empty fields, trailing ones too, and skips blank lines', () => {
    expect(parse('a,,c,\n\n\n,,\nlast,')).toEqual([
      { line: 1, fields: ['a', '', 'c', ''] },
      { line: 4, fields: ['', '', ''] },
      { line: 5, fields: ['last', ''] },
    ]);
  });

  it('names a malformed record and resumes at the next line', () => {
    expect(parse('a,b\n1,x"y\n"2"z,3\n4,5\n"open,6')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1'], error: 'a quote inside an unquoted field (field 2)' },
      { line: 3, fields: [], error: 'unexpected text after the closing quote of field 1' },
      { line: 4, fields: ['4', '5'] },
      { line: 5, fields: [], error: 'a quoted field is not closed before the end of the file' },
    ]);
  });

  it('uses another delimiter when told', () => {
    expect(parse('a;b\n"1;2";3\n', ';')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1;2', '3'] },
    ]);
  });
});
