import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { regenerateCommand, renderCatalogue } from '../catalogue.js';
import { eventRegistry } from '../events/index.js';
import { catalogueFile } from './catalogue-file.js';

describe('docs/events.md', () => {
  it('matches the registry', () => {
    let written = '';
    try {
      written = readFileSync(catalogueFile, 'utf8');
    } catch {
      expect.fail(`${catalogueFile} is missing: run \`${regenerateCommand}\``);
    }
    const stale = `docs/events.md is stale: run \`${regenerateCommand}\``;
    expect(written === renderCatalogue(eventRegistry), stale).toBe(true);
  });
});
