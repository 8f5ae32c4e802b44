/** Types of the plain-Node offline verifier, for the tests that compare it with the sealer. */
export function canonicalJson(value: unknown): string;
export function eventHash(event: Record<string, unknown>, previousHash: string | null): string;
export function verifyBundle(
  bundle: unknown,
  trustedKeys?: Record<string, string>,
): {
  verified: boolean;
  eventsVerified: number;
  eventsNotYetSealed: number;
  checkpointsVerified: number;
  latestCheckpointCovered: { position: string; seq: number; at: string; keyId: string } | null;
  firstBrokenLink: { reason: string; streamId: string | null; revision: number | null; globalPosition: string; eventId: string | null; expectedHash: string | null; foundHash: string | null; detail: string } | null;
};
