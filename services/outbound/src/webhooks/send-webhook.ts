import { deliveryIdHeader, signatureHeader, signedHeader } from '../domain/webhooks/signature.js';

export type SendOutcome = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly status: number | null; readonly error: string };

/** One POST of the body, signed; any 2xx is delivered, anything else (or no answer in time) a failed attempt. */
export async function sendWebhook(target: { readonly url: string; readonly secret: string }, delivery: { readonly deliveryId: string; readonly body: string }, now: Date, timeoutMs: number): Promise<SendOutcome> {
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [signatureHeader]: signedHeader(target.secret, now, delivery.body), [deliveryIdHeader]: delivery.deliveryId, 'user-agent': 'ctp-outbound/1' },
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { ok: false, status: null, error: `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 500) };
  }
}
