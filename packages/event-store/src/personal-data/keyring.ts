/** One customer's data key, unwrapped, for the moment it is used. */
export interface DataKey {
  readonly keyId: string;
  readonly customerId: string;
  readonly key: Buffer;
}

/** What a lookup finds: the key, or 'destroyed' once the customer was erased. */
export type KeyLookup = DataKey | 'destroyed';

/** Per-customer data keys. Destroying a key is erasure: what it encrypted can never be read again. */
export interface Keyring {
  /** Keys to encrypt with, by customer id; created on first use, 'destroyed' for erased customers. */
  keysForCustomers(customerIds: readonly string[]): Promise<Map<string, KeyLookup>>;
  /** Keys to decrypt with, by key id; ids never issued are absent. */
  keysById(keyIds: readonly string[]): Promise<Map<string, KeyLookup>>;
  /**
   * Crypto-shredding: the key is gone, and no new key is ever issued for this customer. Answers the
   * destroyed key's id (the same on every call), the `<key id>` of each `enc:v1:` field it sealed.
   */
  destroyKey(customerId: string): Promise<string>;
  close(): Promise<void>;
}
