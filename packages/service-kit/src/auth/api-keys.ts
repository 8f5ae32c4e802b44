import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { roles, type Role } from './roles.js';

export interface ApiKeyPrincipal {
  readonly keyId: string;
  readonly role: Role;
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
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex digits>'),
  sourceSystems: z.array(z.string().min(1).max(50)).min(1).optional().describe('integrator keys: the source systems it speaks for'),
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

export class ApiKeyStore {
  private readonly byHash: ReadonlyMap<string, ApiKeyPrincipal>;

  constructor(file: ApiKeyFile) {
    this.byHash = new Map(
      file.keys.map((key) => [key.hash, { keyId: key.id, role: key.role, ...(key.sourceSystems ? { sourceSystems: key.sourceSystems } : {}) }]),
    );
  }

  authenticate(presentedKey: string): ApiKeyPrincipal | undefined {
    return this.byHash.get(hashApiKey(presentedKey));
  }

  get size(): number {
    return this.byHash.size;
  }
}
