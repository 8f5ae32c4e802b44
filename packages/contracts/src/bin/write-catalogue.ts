import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderCatalogue } from '../catalogue.js';
import { eventRegistry } from '../events/index.js';
import { catalogueFile } from './catalogue-file.js';

mkdirSync(dirname(catalogueFile), { recursive: true });
writeFileSync(catalogueFile, renderCatalogue(eventRegistry));
process.stdout.write(`wrote ${catalogueFile}\n`);
