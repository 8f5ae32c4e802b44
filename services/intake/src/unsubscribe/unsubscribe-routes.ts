import { consentAt, nameUuid, streamIdFor, unsubscribeTokenSchema, verifyUnsubscribeToken, type UnsubscribeClaims } from '@ctp/contracts';
import { followMerges } from '@ctp/identity';
import { ProblemError, problems, route } from '@ctp/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publishFacts, type FactPublisher } from '../facts/publish-facts.js';
import { confirmationPage, outcomePage } from './unsubscribe-pages.js';

export interface UnsubscribeDeps {
  readonly publisher: FactPublisher;
  readonly secret: string;
  readonly clock: () => Date;
  /** Per client address and minute, on each route: the links need no key, so nothing else bounds them. */
  readonly requestsPerMinute: number;
}

const params = z.object({ token: unsubscribeTokenSchema.describe('the token of the link in the message: <payload>.<signature>, base64url') });
const outcomeSchema = z.object({
  customerId: z.string(),
  purpose: z.string(),
  withdrawn: z.boolean().describe('true: consent was in force and is withdrawn now (one ConsentWithdrawn per grant); following the link again answers false and writes nothing'),
  status: z.enum(['withdrawn', 'no_consent', 'erased']).describe('withdrawn; or there was nothing to withdraw'),
  position: z.string().nullable().describe('the global position of ConsentWithdrawn, when written'),
});

/** The verified claims, or the problem naming the token: 400 forged or garbled, 410 expired. Nothing is written either way. */
function claimsOf(deps: UnsubscribeDeps, token: string): UnsubscribeClaims {
  const verdict = verifyUnsubscribeToken(deps.secret, token, deps.clock());
  if (verdict.ok) return verdict.claims;
  if (verdict.reason === 'expired') throw new ProblemError(problems.CTP_GONE, `this unsubscribe link expired at ${verdict.claims.expiresAt.toISOString()}`, [{ path: 'params.token', message: 'expired' }]);
  const message = verdict.reason === 'malformed' ? 'not an unsubscribe token' : 'the signature does not match';
  throw new ProblemError(problems.CTP_VALIDATION_FAILED, 'not a valid unsubscribe link', [{ path: 'params.token', message }]);
}

const wantsHtml = (request: FastifyRequest) => /text\/html/.test(request.headers.accept ?? '') && !/application\/json/.test(request.headers.accept ?? '');

/**
 * Withdraws the consent the token names, as intake records every customer fact (its rules, merge redirection,
 * one writer of customer streams). The fact's id derives from the grant it ends, so following the link twice
 * writes one ConsentWithdrawn; a later grant can be withdrawn by the same link again. A merged-away id's consent is
 * withdrawn on its final survivor.
 */
async function unsubscribe(deps: UnsubscribeDeps, claims: UnsubscribeClaims, request: FastifyRequest): Promise<z.output<typeof outcomeSchema>> {
  const now = deps.clock();
  const read = async (customerId: string) => consentAt(await deps.publisher.reader.readStream(streamIdFor('customer', customerId)), claims.purpose, now);
  // To the survivor at the end of the id's merges, however many; a chain that does not end (a cycle) is a 500, writing nothing.
  const { customerId, found: standing } = await followMerges(claims.customerId, read, (found) => (found.status === 'merged_away' ? found.survivorId : null));
  const answer = { customerId: claims.customerId, purpose: claims.purpose, position: null };
  if (standing.status !== 'consented') return { ...answer, withdrawn: false, status: standing.status === 'erased' ? 'erased' : 'no_consent' };
  const data = { customerId, purpose: claims.purpose, via: 'email' };
  const fact = { id: nameUuid(['unsubscribe', standing.grantEventId]), type: 'ConsentWithdrawn' as const, customerId, occurredAt: now.toISOString(), data };
  const [published] = await publishFacts(deps.publisher, [{ fact, data }], { actor: { kind: 'system', id: 'unsubscribe-link' }, correlationId: request.id, traceparent: request.traceparent });
  return { ...answer, withdrawn: true, status: 'withdrawn', position: published?.globalPosition ?? null };
}

const send = (reply: FastifyReply, html: boolean, outcome: z.output<typeof outcomeSchema>) => (html ? reply.type('text/html; charset=utf-8').send(outcomePage(outcome)) : outcome);

/** The link in every customer message (public: the customer has no key; the signed token is the authority). */
export function unsubscribeRoutes(deps: UnsubscribeDeps) {
  return async (app: FastifyInstance) => {
    // A browser's form and a mail client's one-click (RFC 8058: `List-Unsubscribe=One-Click`) post form-encoded bodies.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1_024 }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    const limited = { 429: { description: `More than ${deps.requestsPerMinute} requests to this route from the client address in a minute (UNSUBSCRIBE_REQUESTS_PER_MINUTE): CTP_RATE_LIMITED, retry after retry-after seconds; nothing is read or written` } };
    route(app, {
      method: 'GET', url: '/v1/unsubscribe/:token', operationId: 'showUnsubscribe', tags: ['consent'],
      summary: 'The page an unsubscribe link opens: what the link withdraws, with a button that confirms it (a GET writes nothing, so link scanners unsubscribe no one)',
      roles: [], public: true, perAddressPerMinute: deps.requestsPerMinute,
      params,
      responses: { 200: { description: 'The confirmation page (HTML), or its claims as JSON', schema: z.object({ customerId: z.string(), purpose: z.string(), expiresAt: z.string() }), alsoAs: ['text/html'] }, 410: { description: 'The link expired' }, ...limited },
      handler: async ({ params: { token }, request, reply }) => {
        const claims = claimsOf(deps, token);
        if (wantsHtml(request)) return reply.type('text/html; charset=utf-8').send(confirmationPage(token, claims));
        return { customerId: claims.customerId, purpose: claims.purpose, expiresAt: claims.expiresAt.toISOString() };
      },
    });
    route(app, {
      method: 'POST', url: '/v1/unsubscribe/:token', operationId: 'unsubscribe', tags: ['consent'],
      summary: 'Withdraw the consent the link names (ConsentWithdrawn on the customer stream, via email); idempotent; also the one-click target of List-Unsubscribe-Post (RFC 8058)',
      roles: [], public: true, perAddressPerMinute: deps.requestsPerMinute,
      params,
      responses: { 200: { description: 'What was withdrawn (JSON, or a page for a browser)', schema: outcomeSchema, alsoAs: ['text/html'] }, 410: { description: 'The link expired' }, ...limited },
      handler: async ({ params: { token }, request, reply }) => send(reply, wantsHtml(request), await unsubscribe(deps, claimsOf(deps, token), request)),
    });
  };
}
