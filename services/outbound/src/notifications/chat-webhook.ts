import { chatBody, type ChatFormat } from '../domain/notifications/chat-message.js';

export interface ChatTarget {
  /** The chat tool's incoming-webhook address (http or https). */
  readonly url: string;
  readonly format: ChatFormat;
}

export interface ChatPoster {
  /** Posts a digest to the tool's incoming webhook; throws why when it does not answer 2xx in time. */
  post(target: ChatTarget, digest: { readonly subject: string; readonly text: string }): Promise<void>;
}

/**
 * WeCom and DingTalk robots answer 200 with `{ errcode, errmsg }` whatever happened: a non-zero errcode is a
 * failure too. Redirects are not followed: a webhook address that moved is a failure to look at.
 */
export function httpChatPoster(timeoutMs: number): ChatPoster {
  return {
    async post(target, digest) {
      const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody(target.format, digest), redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      const answer = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${answer.slice(0, 200)}`);
      const errcode = target.format === 'wecom' ? robotErrcode(answer) : 0;
      if (errcode !== 0) throw new Error(`errcode ${errcode}: ${answer.slice(0, 200)}`);
    },
  };
}

function robotErrcode(answer: string): number {
  try {
    const parsed: unknown = JSON.parse(answer);
    return typeof parsed === 'object' && parsed !== null && 'errcode' in parsed && typeof parsed.errcode === 'number' ? parsed.errcode : 0;
  } catch {
    return 0;
  }
}
