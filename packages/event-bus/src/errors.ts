export type EventMessageErrorCode = 'missing_header' | 'invalid_header' | 'missing_value' | 'invalid_value';

/** A Kafka message that does not carry a valid event; `part` names the header, or 'value'. */
export class EventMessageError extends Error {
  override readonly name = 'EventMessageError';

  constructor(
    readonly code: EventMessageErrorCode,
    readonly part: string,
    detail?: string,
  ) {
    super(describe(code, part, detail));
  }
}

function describe(code: EventMessageErrorCode, part: string, detail: string | undefined): string {
  const suffix = detail ? `: ${detail}` : '';
  switch (code) {
    case 'missing_header':
      return `Kafka message has no ${part} header`;
    case 'invalid_header':
      return `Kafka message header ${part} is invalid${suffix}`;
    case 'missing_value':
      return 'Kafka message has no value (the event data)';
    case 'invalid_value':
      return `Kafka message value is not the event data${suffix}`;
    default: {
      const unknown: never = code;
      return `Kafka message error ${String(unknown)}`;
    }
  }
}
