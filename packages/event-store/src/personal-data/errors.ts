/** A personal field's ciphertext or token failed authentication: it was altered or moved. */
export class PersonalDataIntegrityError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PersonalDataIntegrityError';
  }
}

/** The keyring cannot serve a key: wrong master key, or a token naming a key that was never issued. */
export class KeyringError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KeyringError';
  }
}
