// GitHub classic personal access tokens (`ghp_` + 36 characters, gitleaks `github-pat`). Their
// scopes are chosen at creation and cannot be read from the token, and a classic token reaches
// every repository and organisation its user can, so it is reported as possibly broad.

import { redact } from '../../src/engine/redact.js';
import { defineDetector } from '../../src/engine/types.js';

const CLASSIC_PAT = /(?<![A-Za-z0-9_])ghp_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g;

export default defineDetector({
  id: 'tokens/github-classic-pat',
  files: ['**'],
  rules: {
    'token/github-classic-pat': {
      title: 'GitHub classic personal access token',
      severity: 'high',
      precision: 'high',
      help: [
        'A GitHub classic personal access token (`ghp_…`) is in a file an agent can read.',
        '',
        'Classic tokens act for their user on every repository and organisation the user can reach; their scopes (possibly `repo`, `delete_repo`, `admin:org`) cannot be read from the token itself.',
        '',
        '**Fix:** revoke it, and use a fine-grained token limited to the repositories and permissions the job needs, kept out of the workspace.',
      ].join('\n'),
    },
  },
  check({ file, report }) {
    if (!file.text.includes('ghp_')) return;
    for (const m of file.text.matchAll(CLASSIC_PAT)) {
      const value = m[0];
      report('token/github-classic-pat', file.atOffset(m.index, value.length), {
        message: `GitHub classic personal access token ${redact(value)}: scope UNKNOWN (possibly broad; classic scopes cannot be read offline). Revoke it and use a fine-grained token scoped to one repository.`,
        confidence: 'high',
        secrets: [value],
      });
    }
  },
});
