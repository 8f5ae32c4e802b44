export const chatFormats = ['slack', 'wecom'] as const;
export type ChatFormat = (typeof chatFormats)[number];

/** Slack answers 400 beyond 40,000 characters; a WeCom (and DingTalk) robot's text holds at most 2,048 bytes of UTF-8. */
const fits: Record<ChatFormat, (text: string) => boolean> = {
  slack: (text) => text.length <= 40_000,
  wecom: (text) => Buffer.byteLength(text, 'utf8') <= 2_048,
};

/** The digest as one chat text: the subject, then as many of its lines as the tool takes, and how many were left out. */
export function chatText(format: ChatFormat, digest: { readonly subject: string; readonly text: string }): string {
  const lines = digest.text.split('\n').filter((line) => line.length > 0);
  for (let kept = lines.length; kept >= 0; kept -= 1) {
    const more = lines.length - kept;
    const text = [digest.subject, ...lines.slice(0, kept), ...(more > 0 ? [`(${more} more)`] : [])].join('\n');
    if (fits[format](text)) return text;
  }
  return digest.subject;
}

/** The JSON body the tool's incoming webhook takes: Slack `{ text }`, WeCom and DingTalk robots `{ msgtype: 'text', text: { content } }`. */
export function chatBody(format: ChatFormat, digest: { readonly subject: string; readonly text: string }): string {
  const text = chatText(format, digest);
  switch (format) {
    case 'slack':
      return JSON.stringify({ text });
    case 'wecom':
      return JSON.stringify({ msgtype: 'text', text: { content: text } });
    default: {
      const unknown: never = format;
      throw new Error(`unknown chat format ${String(unknown)}`);
    }
  }
}
