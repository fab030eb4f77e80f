// Claude Code permission-rule semantics: pattern syntax and deny → ask → allow → mode order.

import { describe, expect, it } from 'vitest';
import { evaluate, ruleMatches } from '../detectors/agents/claude-code.js';
import type { Location } from '../src/engine/types.js';

const at: Location = { root: 'repo', path: '.claude/settings.json', line: 1, column: 1 };

describe('claude code rules', () => {
  it.each([
    ['Bash', 'rm -rf .', true],
    ['Bash(*)', 'rm -rf .', true],
    ['Bash(npm test)', 'npm test', true],
    ['Bash(npm test)', 'npm test && rm -rf .', false],
    ['Bash(npm run test:*)', 'npm run test unit', true],
    ['Bash(npm run test:*)', 'npm run testing', false],
    ['Bash(railway *)', 'railway volume delete --volume pgdata', true],
    ['Bash(git push *)', 'git push --force origin main', true],
    ['Read(./.env)', 'cat .env', false],
  ])('%s matches %j: %s', (rule, command, expected) => {
    expect(ruleMatches(rule, 'Bash', command)).toBe(expected);
  });

  it('matches MCP tools by server, wildcard and exact name', () => {
    expect(ruleMatches('mcp__railway', 'mcp__railway__volume_delete')).toBe(true);
    expect(ruleMatches('mcp__railway__*', 'mcp__railway__volume_delete')).toBe(true);
    expect(ruleMatches('mcp__railway__list', 'mcp__railway__volume_delete')).toBe(false);
    expect(ruleMatches('Bash', 'mcp__railway__volume_delete')).toBe(false);
  });

  it('checks deny, then ask, then allow, then the mode', () => {
    const rules = [
      { rule: 'Bash', kind: 'allow' as const, layer: 'project', location: at },
      { rule: 'Bash(git push *)', kind: 'ask' as const, layer: 'project', location: at },
      { rule: 'Bash(rm *)', kind: 'deny' as const, layer: 'user', location: at },
    ];
    expect(evaluate(rules, false, 'Bash', 'rm -rf .').outcome).toBe('deny');
    expect(evaluate(rules, false, 'Bash', 'git push --force').outcome).toBe('ask');
    expect(evaluate(rules, false, 'Bash', 'terraform destroy').outcome).toBe('allow');
    expect(evaluate([], false, 'Bash', 'terraform destroy').outcome).toBe('ask');
    expect(evaluate([], true, 'Bash', 'terraform destroy').outcome).toBe('allow');
  });
});
