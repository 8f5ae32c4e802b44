/** Stops the import with exit code 1; the message is shown to the user as is. */
export class FatalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FatalError';
  }
}
