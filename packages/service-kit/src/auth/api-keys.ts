import { createHash, randomBytes } from 'node:crypto';
import { keyHolderSchema, type KeyHolder } from '@ctp/contracts';
import { z } from 'zod';
import { roles, type Role } from './roles.js';

export interface ApiKeyPrincipal {
  readonly keyId: string;
  readonly role: Role;
  /** The named person or system the key is issued to: every access it makes is recorded under this name. */
  readonly holder: KeyHolder;
  /**
   * The source systems an integrator key is bound to (`*`: any, for development keys only);
   * absent: bound to none, so it may not merge customers.
   */
  readonly sourceSystems?: readonly string[];
}

/** Whether a principal is bound to a source system (a merge needs every customer's system). */
export function boundTo(principal: ApiKeyPrincipal, system: string): boolean {
  return principal.sourceSystems?.some((bound) => bound === '*' || bound === system) ?? false;
}

const storedKeySchema = z.object({
  id: z.string().min(1),
  role: z.enum(roles),
  holder: keyHolderSchema.describe('the person or system the key is issued to'),
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex digits>'),
  sourceSystems: z.array(z.string().min(1).max(50)).min(1).optional().describe('integrator keys: the source systems it speaks for'),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('from this instant the key is refused (401), without a restart'),
});

export const apiKeyFileSchema = z.object({ keys: z.array(storedKeySchema) });
export type ApiKeyFile = z.infer<typeof apiKeyFileSchema>;

/** Keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

export function generateApiKey(role: Role): string {
  return `ctp_${role}_${randomBytes(32).toString('base64url')}`;
}

interface StoredKey {
  readonly principal: ApiKeyPrincipal;
  /** Epoch milliseconds from which the key is refused; absent: never. */
  readonly expiresAt?: number;
}

function indexKeys(file: ApiKeyFile): Map<string, StoredKey> {
  return new Map(
    file.keys.map((key) => [
      key.hash,
      {
        principal: { keyId: key.id, role: key.role, holder: key.holder, ...(key.sourceSystems ? { sourceSystems: key.sourceSystems } : {}) },
        ...(key.expiresAt ? { expiresAt: Date.parse(key.expiresAt) } : {}),
      },
    ]),
  );
}

/** The known keys by hash; `replace` swaps them all at once (a reloaded key file), and an expired key is refused. */
export class ApiKeyStore {
  private byHash: ReadonlyMap<string, StoredKey>;
  /** Keys the process issued to itself: never written anywhere, kept when the file is reloaded, gone with the process. */
  private readonly inProcess = new Map<string, StoredKey>();

  constructor(
    file: ApiKeyFile,
    private readonly now: () => number = Date.now,
  ) {
    this.byHash = indexKeys(file);
  }

  authenticate(presentedKey: string): ApiKeyPrincipal | undefined {
    const hash = hashApiKey(presentedKey);
    const stored = this.byHash.get(hash) ?? this.inProcess.get(hash);
    if (!stored || (stored.expiresAt !== undefined && this.now() >= stored.expiresAt)) return undefined;
    return stored.principal;
  }

  /**
   * A key for the service's own requests to itself (e.g. counting answers ahead of the callers), with one role and
   * a holder its accesses are recorded under. Only the returned string opens it, and it lives in memory only.
   */
  inProcessKey(role: Role, holder: KeyHolder): string {
    const key = generateApiKey(role);
    this.inProcess.set(hashApiKey(key), { principal: { keyId: `in-process:${holder.name}`, role, holder } });
    return key;
  }

  replace(file: ApiKeyFile): void {
    this.byHash = indexKeys(file);
  }

  get size(): number {
    return this.byHash.size;
  }
}
