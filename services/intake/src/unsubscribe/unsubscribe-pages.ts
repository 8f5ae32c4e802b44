import type { UnsubscribeClaims } from '@ctp/contracts';

const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const page = (body: string) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>退订 Unsubscribe</title></head><body>${body}</body></html>`;

/** What a GET shows: the purpose, and a form posting back to the same link. */
export function confirmationPage(token: string, claims: UnsubscribeClaims): string {
  return page(`<p>停止接收“${escape(claims.purpose)}”类消息？ Stop messages for “${escape(claims.purpose)}”?</p>
<form method="post" action="/v1/unsubscribe/${escape(token)}"><button type="submit">退订 Unsubscribe</button></form>`);
}

export function outcomePage(outcome: { readonly purpose: string; readonly withdrawn: boolean }): string {
  return page(`<p>${outcome.withdrawn ? '已退订。You are unsubscribed' : '您未订阅此类消息。You were not subscribed'}: ${escape(outcome.purpose)}.</p>`);
}
