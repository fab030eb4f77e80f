// Aider (`.aider.conf.yml` in the repository or home), agent-configs.md §10: `yes-always: true`
// answers yes to every confirmation, including running the shell commands Aider proposes. The
// option name is from Aider's documentation but was not verified against its source here, so the
// finding carries low confidence.

import { defineDetector } from '../../src/engine/types.js';
import { yamlValue } from '../../src/parsers/yaml.js';
import { allShellProbes, workspaceSurface } from './probes.js';

export default defineDetector({
  id: 'agents/aider',
  files: ['.aider.conf.yml', '**/.aider.conf.yml', '~/.aider.conf.yml'],
  rules: {
    'agent/aider-yes-always': {
      title: 'Aider answers yes to every confirmation',
      severity: 'high',
      precision: 'medium',
      help: [
        '`yes-always: true` in `.aider.conf.yml` (or `--yes-always`, `AIDER_YES_ALWAYS`) makes Aider accept every prompt, including running the shell commands it suggests, so a proposed `rm -rf`, `DROP DATABASE` or `railway volume delete` runs unreviewed.',
        '',
        '**Fix:** remove `yes-always`, and run unattended Aider only in a disposable container without production credentials.',
      ].join('\n'),
    },
  },
  check({ file, report, fact }) {
    const doc = file.yaml().docs[0];
    const v = doc ? (yamlValue(doc) as Record<string, unknown> | null) : undefined;
    if (v === null || typeof v !== 'object') return;
    const on = v['yes-always'] === true;
    const at = on && doc ? file.yamlLocation(doc.contents, ['yes-always']) : file.at(1);
    if (on) {
      report('agent/aider-yes-always', at, {
        message: `Aider's ${file.root === 'home' ? 'user' : 'project'} config sets yes-always: every confirmation is accepted, so shell commands Aider proposes (rm -rf, DROP DATABASE, terraform destroy) run without anyone approving them. Remove it.`,
        confidence: 'low',
        properties: { tool: 'aider' },
      });
    }
    fact({ ...workspaceSurface('aider', allShellProbes(on ? 'allow' : 'ask'), at, file.root === 'home' ? 'user' : 'project', [], on ? 'agent/aider-yes-always' : undefined), id: `aider:${file.root}:${file.path}` });
  },
});
