import { messageLocales, type CustomerMessageKind, type MessageLocale, type MessageTemplateTexts } from '@ctp/contracts';

/** The placeholders each kind's wording may use; anything else in {{ }} is refused when a version is published. */
export const placeholdersOf = (kind: CustomerMessageKind): readonly string[] => (kind === 'survey_invitation' ? ['name', 'surveyLink', 'expiresOn'] : ['name']);

/** Each unknown placeholder, at its field (`texts.en.text`). */
export function templateProblems(kind: CustomerMessageKind, texts: MessageTemplateTexts): { path: string; message: string }[] {
  const allowed = placeholdersOf(kind);
  return messageLocales.flatMap((locale) =>
    (['subject', 'text'] as const).flatMap((field) =>
      [...texts[locale][field].matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)]
        .filter(([, name]) => !allowed.includes(name ?? ''))
        .map(([placeholder]) => ({ path: `texts.${locale}.${field}`, message: `${placeholder} is not a placeholder of ${kind} (allowed: ${allowed.map((name) => `{{${name}}}`).join(', ')})` })),
    ),
  );
}

export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
}

const footer: Record<MessageLocale, (url: string) => string> = {
  'zh-CN': (url) => `\n\n--\n退订此类消息：${url}`,
  en: (url) => `\n\n--\nUnsubscribe from these messages: ${url}`,
};

const salutation: Record<MessageLocale, string> = { 'zh-CN': '客户', en: 'customer' };

/** The wording in the locale with its placeholders filled; every message ends with its unsubscribe link, whatever the template says. */
export function renderMessage(texts: MessageTemplateTexts, locale: MessageLocale, values: { readonly name: string | null; readonly surveyLink?: string; readonly expiresOn?: string }, unsubscribeUrl: string): RenderedMessage {
  const fill = (text: string) => text.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (whole, name: string) => (name === 'name' ? (values.name ?? salutation[locale]) : name === 'surveyLink' ? (values.surveyLink ?? '') : name === 'expiresOn' ? (values.expiresOn ?? '') : whole));
  return { subject: fill(texts[locale].subject), text: `${fill(texts[locale].text)}${footer[locale](unsubscribeUrl)}` };
}

/** Version 1 of each kind, published at start when the kind has no version yet. */
export const defaultMessageTemplates: Record<CustomerMessageKind, MessageTemplateTexts> = {
  survey_invitation: {
    'zh-CN': { subject: '请评价我们的服务', text: '{{name}}，您好：\n\n感谢您联系我们。请花一分钟告诉我们这次服务的体验：\n{{surveyLink}}\n\n问卷有效期至 {{expiresOn}}。' },
    en: { subject: 'How did we do?', text: 'Dear {{name}},\n\nThank you for contacting us. Please take a minute to tell us how we did:\n{{surveyLink}}\n\nThe survey is open until {{expiresOn}}.' },
  },
  welcome: {
    'zh-CN': { subject: '欢迎您', text: '{{name}}，您好：\n\n欢迎成为我们的客户。如有任何问题，请随时联系我们。' },
    en: { subject: 'Welcome', text: 'Dear {{name}},\n\nWelcome aboard. If you have any question, we are here to help.' },
  },
  care: {
    'zh-CN': { subject: '感谢您一直以来的支持', text: '{{name}}，您好：\n\n感谢您多年来的信任与支持。我们的客户经理将与您联系，了解您的需要。' },
    en: { subject: 'Thank you for staying with us', text: 'Dear {{name}},\n\nThank you for your loyalty. Your account manager will be in touch to hear what you need.' },
  },
  win_back: {
    'zh-CN': { subject: '我们想念您', text: '{{name}}，您好：\n\n好久不见。我们希望了解如何能更好地为您服务，期待您的回来。' },
    en: { subject: 'We miss you', text: 'Dear {{name}},\n\nIt has been a while. We would like to hear how we can serve you better.' },
  },
};
