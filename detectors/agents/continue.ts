// Continue's CLI (`cn`) tool permissions, `~/.continue/permissions.yaml` (agent-configs.md §11,
// docs.continue.dev/cli/tool-permissions): `allow`, `ask` and `exclude` lists of tool patterns.
// `Bash` (or `*`) under `allow` runs every shell command unasked; `Bash` under `ask` or `exclude`
// keeps the default prompt, which is what Continue does for Bash out of the box.

import { defineDetector } from '../../src/engine/types.js';
import { yamlValue } from '../../src/parsers/yaml.js';
import { allShellProbes, workspaceSurface } from './probes.js';

const SHELL = /^(?:\*|Bash(?:\(\*\))?)$/;

export default defineDetector({
  id: 'agents/continue',
  files: ['~/.continue/permissions.yaml'],
  rules: {
    'agent/continue-bash-allowed': {
      title: 'Continue CLI runs every shell command without asking',
      severity: 'high',
      precision: 'high',
      help: [
        '`allow: [Bash]` or `allow: ["*"]` in `~/.continue/permissions.yaml` lets the Continue CLI run any shell command unasked; by default Bash, Write and Edit ask.',
        '',
        '**Fix:** move `Bash` back under `ask`, and allow only specific commands such as `Bash(npm test)`.',
      ].join('\n'),
    },
  },
  check({ file, report, fact }) {
    const doc = file.yaml().docs[0];
    const v = doc ? (yamlValue(doc) as { allow?: unknown; exclude?: unknown } | null) : undefined;
    if (!doc || v === null || typeof v !== 'object') return;
    const allow = Array.isArray(v.allow) ? v.allow : [];
    const excluded = (Array.isArray(v.exclude) ? v.exclude : []).some((t) => typeof t === 'string' && SHELL.test(t));
    const i = allow.findIndex((t) => typeof t === 'string' && SHELL.test(t));
    const open = i >= 0 && !excluded;
    const at = open ? file.yamlLocation(doc.contents, ['allow', i]) : file.at(1);
    if (open) {
      report('agent/continue-bash-allowed', at, {
        message: `Continue's permissions.yaml allows "${String(allow[i])}": every shell command, rm -rf and DROP DATABASE included, runs without asking. Move Bash under ask and allow only specific commands.`,
        properties: { tool: 'continue' },
      });
    }
    fact(workspaceSurface('continue', allShellProbes(open ? 'allow' : excluded ? 'deny' : 'ask'), at, 'user', [], open ? 'agent/continue-bash-allowed' : undefined));
  },
});
