export interface CsvRecord {
  /** 1-based line where the record starts; a quoted field may carry it over several lines. */
  readonly line: number;
  readonly fields: string[];
  readonly error?: string;
}

type State = 'field-start' | 'unquoted' | 'quoted' | 'quote-in-quoted' | 'skip-to-line-end';

/**
 * An RFC 4180 parser fed in chunks: quoted fields may hold delimiters, doubled quotes and line
 * breaks; CRLF, LF and CR end a record; blank lines are skipped. A malformed record is returned
 * with an error and parsing resumes at the next line.
 */
export class CsvParser {
  private state: State = 'field-start';
  private fields: string[] = [];
  private field = '';
  private started = false;
  private error: string | undefined;
  private line = 1;
  private recordLine = 1;
  private carry = '';
  private records: CsvRecord[] = [];

  constructor(private readonly delimiter = ',') {}

  push(chunk: string): CsvRecord[] {
    let text = this.carry + chunk;
    this.carry = '';
    if (text.endsWith('\r')) {
      this.carry = '\r';
      text = text.slice(0, -1);
    }
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      if (char === '\r' && text[i + 1] === '\n') continue;
      this.step(char === '\r' ? '\n' : char);
    }
    return this.take();
  }

  end(): CsvRecord[] {
    if (this.carry) this.step('\n');
    this.carry = '';
    if (this.state === 'quoted') this.fail('a quoted field is not closed before the end of the file');
    if (this.state === 'skip-to-line-end') this.finishRecord();
    else if (this.started) this.endField(true);
    return this.take();
  }

  private step(char: string): void {
    switch (this.state) {
      case 'field-start':
        if (char === '\n') return this.started ? this.endField(true) : this.nextLine();
        this.started = true;
        if (char === '"') this.state = 'quoted';
        else if (char === this.delimiter) this.endField(false);
        else this.appendTo('unquoted', char);
        return;
      case 'unquoted':
        if (char === this.delimiter) return this.endField(false);
        if (char === '\n') return this.endField(true);
        if (char === '"') return this.fail(`a quote inside an unquoted field (field ${this.fields.length + 1})`);
        this.field += char;
        return;
      case 'quoted':
        if (char === '"') this.state = 'quote-in-quoted';
        else this.field += char;
        if (char === '\n') this.line++;
        return;
      case 'quote-in-quoted':
        if (char === '"') return this.appendTo('quoted', char);
        if (char === this.delimiter) return this.endField(false);
        if (char === '\n') return this.endField(true);
        return this.fail(`unexpected text after the closing quote of field ${this.fields.length + 1}`);
      case 'skip-to-line-end':
        if (char === '\n') this.finishRecord();
        return;
    }
  }

  private appendTo(state: State, char: string): void {
    this.field += char;
    this.state = state;
  }

  private endField(endsRecord: boolean): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'field-start';
    if (endsRecord) this.finishRecord();
  }

  private fail(error: string): void {
    this.error = error;
    this.state = 'skip-to-line-end';
  }

  private finishRecord(): void {
    const record = { line: this.recordLine, fields: this.fields };
    this.records.push(this.error === undefined ? record : { ...record, error: this.error });
    this.fields = [];
    this.field = '';
    this.started = false;
    this.error = undefined;
    this.state = 'field-start';
    this.nextLine();
  }

  private nextLine(): void {
    this.line++;
    this.recordLine = this.line;
  }

  private take(): CsvRecord[] {
    const records = this.records;
    this.records = [];
    return records;
  }
}
