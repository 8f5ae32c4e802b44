import { describe, expect, it } from 'vitest';
import { chatBody, chatText } from './chat-message.js';

const digest = { subject: '[ctp] 1 SLA warning', text: '- SLA warning: case K-1, first_response, due 2026-03-04T03:00:00.000Z (raised 2026-03-04T02:00:00.000Z)\n' };

describe('a digest posted to a chat tool', () => {
  it('given Slack, then { text } with the subject on the first line', () => {
    expect(JSON.parse(chatBody('slack', digest))).toEqual({ text: `[ctp] 1 SLA warning\n${digest.text.trimEnd()}` });
  });

  it('given WeCom (or DingTalk), then the robot’s text message', () => {
    expect(JSON.parse(chatBody('wecom', digest))).toEqual({ msgtype: 'text', text: { content: `[ctp] 1 SLA warning\n${digest.text.trimEnd()}` } });
  });

  it('given more lines than a WeCom robot takes (2,048 bytes), then the first lines that fit and how many were left out', () => {
    const many = { subject: '[ctp] 40 SLA warnings', text: Array.from({ length: 40 }, (_, index) => `- SLA warning: case 客户投诉-${index}, first_response`).join('\n') };
    const text = chatText('wecom', many);
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(2_048);
    const lines = text.split('\n');
    expect(lines[0]).toBe('[ctp] 40 SLA warnings');
    expect(lines.at(-1)).toBe(`(${40 - (lines.length - 2)} more)`);
    expect(chatText('slack', many).split('\n')).toHaveLength(41);
  });
});
