// docs/rules.md is generated from the registry; a rule added without `npm run docs` fails here.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { detectors } from '../detectors/index.js';
import { allRules } from '../src/engine/scan.js';
import { configSchema } from '../src/report/config-schema.js';
import { rulesMarkdown } from '../src/report/rules-markdown.js';
import { REPO } from './support/cli.js';

it('docs/rules.md is up to date with the registry (run `npm run docs`)', () => {
  expect(readFileSync(join(REPO, 'docs/rules.md'), 'utf8')).toBe(rulesMarkdown(allRules(detectors)));
});

it('schema/blast-radius.schema.json is up to date with the registry (run `npm run docs`), and ships in the package', () => {
  expect(readFileSync(join(REPO, 'schema/blast-radius.schema.json'), 'utf8')).toBe(`${JSON.stringify(configSchema(allRules(detectors)), null, 2)}\n`);
  expect((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { files: string[] }).files).toContain('schema');
});

it('the README\'s CI recipe runs the pinned release, not a bin the pull request could commit', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  expect(readme).toContain(`npx --yes blast-radius@${version} scan`);
});
