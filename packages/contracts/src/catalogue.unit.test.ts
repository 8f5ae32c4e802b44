import { describe, expect, it } from 'vitest';
import { renderCatalogue } from './catalogue.js';
import { eventRegistry } from './events/index.js';
import { createRegistry } from './registry.js';
import { noteV3 } from './test-support/demo-events.js';

const section = (markdown: string, heading: string) => {
  const start = markdown.indexOf(`${heading}\n`);
  const end = markdown.indexOf('\n#', start + heading.length);
  return markdown.slice(start, end === -1 ? undefined : end);
};

describe('event catalogue', () => {
  const demo = renderCatalogue(createRegistry([noteV3]));

  it('renders every version, latest first, with its upcaster and personal fields', () => {
    expect(section(demo, '#### NoteTaken v3 (latest)')).toBe(
      [
        '#### NoteTaken v3 (latest)',
        '',
        'Upcast from v2: text moved to body.text.',
        '',
        '| field | type | required | personal | notes |',
        '|---|---|---|---|---|',
        '| `customerId` | string | yes |  |  |',
        '| `body` | object | yes |  |  |',
        '| `body.text` | string | yes | **personal** |  |',
        '| `topic` | string | yes |  |  |',
        '',
      ].join('\n'),
    );
    expect(demo.indexOf('#### NoteTaken v3')).toBeLessThan(demo.indexOf('#### NoteTaken v1'));
    expect(section(demo, '#### NoteTaken v1')).toContain('| `text` | string | yes | **personal** |  |');
  });

  it('skips categories without events', () => {
    expect(demo).toContain('## customer\n');
    expect(demo).not.toContain('## tier\n');
  });

  it('documents every registered type under its category', () => {
    const markdown = renderCatalogue(eventRegistry);
    for (const type of eventRegistry.types) {
      const { category } = eventRegistry.latest(type);
      expect(markdown.indexOf(`### ${type}\n`)).toBeGreaterThan(markdown.indexOf(`## ${category}\n`));
    }
    expect(markdown).toContain('Upcast from v1: channel "web" renamed "online"');
    expect(markdown).toContain('| `globalPosition` | GlobalPosition | yes |  |  |');
  });

  it('escapes pipes inside table cells', () => {
    expect(section(renderCatalogue(eventRegistry), '#### ConsentWithdrawn v1 (latest)')).toContain(
      '| `via` | "phone" \\| "online" \\| "email" \\| "walk_in" \\| "social" \\| "app" | yes |',
    );
  });
});
