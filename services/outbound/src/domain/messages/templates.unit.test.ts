import { describe, expect, it } from 'vitest';
import { defaultMessageTemplates, renderMessage, templateProblems } from './templates.js';

describe('message templates', () => {
  it('fills the placeholders in the locale and always ends with the unsubscribe link', () => {
    const rendered = renderMessage(defaultMessageTemplates.survey_invitation, 'en', { name: 'Li Wei', surveyLink: 'https://s.example/I-1', expiresOn: '2026-03-11' }, 'https://u.example/t');
    expect(rendered.subject).toBe('How did we do?');
    expect(rendered.text).toContain('Dear Li Wei,');
    expect(rendered.text).toContain('https://s.example/I-1');
    expect(rendered.text).toContain('open until 2026-03-11');
    expect(rendered.text.endsWith('Unsubscribe from these messages: https://u.example/t')).toBe(true);
    expect(renderMessage(defaultMessageTemplates.welcome, 'zh-CN', { name: null }, 'https://u.example/t').text).toMatch(/^客户，您好[\s\S]*退订此类消息：https:\/\/u\.example\/t$/);
  });

  it("refuses placeholders a kind does not have, naming each field; the defaults have none", () => {
    const texts = { ...defaultMessageTemplates.welcome, en: { subject: 'Hi {{surveyLink}}', text: '{{ name }} {{balance}}' } };
    expect(templateProblems('welcome', texts).map(({ path }) => path)).toEqual(['texts.en.subject', 'texts.en.text']);
    for (const [kind, defaults] of Object.entries(defaultMessageTemplates)) expect(templateProblems(kind as keyof typeof defaultMessageTemplates, defaults)).toEqual([]);
  });
});
