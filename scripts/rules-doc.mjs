// Writes docs/rules.md and schema/blast-radius.schema.json from the built registry: `npm run docs`
// (builds first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { detectors } from '../build/detectors/index.js';
import { configSchema } from '../build/src/report/config-schema.js';
import { allRules } from '../build/src/engine/scan.js';
import { rulesMarkdown } from '../build/src/report/rules-markdown.js';

writeFileSync(new URL('../docs/rules.md', import.meta.url), rulesMarkdown(allRules(detectors)));
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schema/blast-radius.schema.json', import.meta.url), `${JSON.stringify(configSchema(allRules(detectors)), null, 2)}\n`);
