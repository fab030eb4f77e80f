// VS Code terminal auto-approve rule semantics.

import { describe, expect, it } from 'vitest';
import { terminalOutcome, terminalRuleMatches } from '../detectors/agents/vscode.js';

describe('vscode terminal auto-approve', () => {
  it('matches prefixes and /regex/ keys', () => {
    expect(terminalRuleMatches('git status', 'git status')).toBe(true);
    expect(terminalRuleMatches('git', 'git push --force')).toBe(true);
    expect(terminalRuleMatches('git', 'gitk')).toBe(false);
    expect(terminalRuleMatches('/^terraform (plan|destroy)/', 'terraform destroy -auto-approve')).toBe(true);
    expect(terminalRuleMatches('/[/', 'anything')).toBe(false);
  });

  it('lets a false entry win over a true one', () => {
    expect(terminalOutcome({ '/.*/': true, rm: false }, 'rm -rf .')).toBe('ask');
    expect(terminalOutcome({ '/.*/': true, rm: false }, 'kubectl delete ns prod')).toBe('allow');
    expect(terminalOutcome({ 'npm test': true }, 'kubectl delete ns prod')).toBe('ask');
  });
});
