// docs/rules.md: every rule's id, severity, precision and full help, generated from the
// registry (`npm run docs`) and kept in step by test/docs.test.ts. SARIF `helpUri`s point here.

import type { RuleMeta } from '../engine/types.js';

export const anchorOf = (id: string): string => id.replace(/[^a-z0-9]+/g, '-');

export function rulesMarkdown(rules: readonly RuleMeta[]): string {
  const out = ['# Rules', '', 'Generated from the detector registry by `npm run docs`; do not edit by hand.', ''];
  out.push('| rule | severity | precision | title |', '|---|---|---|---|');
  for (const r of rules) out.push(`| [\`${r.id}\`](#${anchorOf(r.id)}) | ${r.severity} | ${r.precision} | ${r.title.replace(/\|/g, '\\|')} |`);
  for (const r of rules) {
    out.push('', `<a id="${anchorOf(r.id)}"></a>`, `## ${r.id}`, '', `**${r.title}** · severity ${r.severity} · precision ${r.precision}`, '', r.help.trim());
  }
  return out.join('\n') + '\n';
}
