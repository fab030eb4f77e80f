// .blast-radius.yml: every key, and clear errors for shapes it does not accept.

import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_MAX_FILE_SIZE, parseConfig } from '../../src/engine/config.js';
import { inlineSuppression } from '../../src/engine/suppress.js';

describe('config', () => {
  it('reads ignore, rules, tokens and max-file-size', () => {
    const c = parseConfig({
      ignore: ['test/**'],
      rules: { 'token/a': 'off', 'token/b': 'low', 'agent/c': { severity: 'medium' }, 'backup/d': false },
      tokens: { 'safe-variables': ['DEMO_TOKEN'], patterns: [{ id: 'acme', provider: 'acme', regex: 'acme_[a-z0-9]{32}', scope: 'BROAD' }] },
      'max-file-size': '512KB',
    });
    expect(c.ignore).toEqual(['test/**']);
    expect(c.rules).toEqual({ 'token/a': { enabled: false }, 'token/b': { enabled: true, severity: 'low' }, 'agent/c': { enabled: true, severity: 'medium' }, 'backup/d': { enabled: false } });
    expect(c.tokens.safeVariables).toEqual(['DEMO_TOKEN']);
    expect(c.tokens.patterns[0]?.scope).toBe('BROAD');
    expect(c.maxFileSize).toBe(512 * 1024);
    expect(parseConfig({}).maxFileSize).toBe(DEFAULT_MAX_FILE_SIZE);
  });

  it.each([
    [[], 'expected a mapping'],
    [{ ignores: [] }, 'unknown key "ignores"'],
    [{ rules: { 'token/a': 'severe' } }, 'must be off or one of'],
    [{ tokens: { patterns: [{ id: 'x', provider: 'y', regex: '(' }] } }, 'not a regular expression RE2 runs'],
    [{ tokens: { patterns: [{ id: 'x', provider: 'y', regex: '(a)\\1' }] } }, 'not a regular expression RE2 runs'],
    [{ 'max-file-size': 'huge' }, 'must be a size'],
  ])('rejects %j', (raw, message) => {
    expect(() => parseConfig(raw)).toThrow(ConfigError);
    expect(() => parseConfig(raw)).toThrow(message);
  });
});

describe('inline suppression', () => {
  const lines = ['# blast-radius-ignore token/railway-account-token staging only', 'RAILWAY_API_TOKEN=x', 'A=b // blast-radius-ignore agent/*', 'C=d', '<!-- blast-radius-ignore backup/x -->'];

  it('applies to the same line or the line below, by id or family wildcard', () => {
    expect(inlineSuppression(lines, 2, 'token/railway-account-token')).toBe('staging only');
    expect(inlineSuppression(lines, 1, 'token/railway-account-token')).toBe('staging only');
    expect(inlineSuppression(lines, 2, 'token/other')).toBeUndefined();
    expect(inlineSuppression(lines, 3, 'agent/anything')).toBe('');
    expect(inlineSuppression(lines, 4, 'agent/anything')).toBe('');
    expect(inlineSuppression(lines, 4, 'token/anything')).toBeUndefined();
    expect(inlineSuppression(lines, 5, 'backup/x')).toBe('');
  });
});
