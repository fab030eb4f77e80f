// Writes docs/rules.md from the built registry: `npm run docs` (builds first).
import { writeFileSync } from 'node:fs';
import { detectors } from '../build/detectors/index.js';
import { allRules } from '../build/src/engine/scan.js';
import { rulesMarkdown } from '../build/src/report/rules-markdown.js';

writeFileSync(new URL('../docs/rules.md', import.meta.url), rulesMarkdown(allRules(detectors)));
