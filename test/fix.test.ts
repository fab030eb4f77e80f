// `blast-radius fix`: the round trip on every agent fixture (fix --write closes every high and
// critical agent finding in the files it changes, each file still parses with its other settings
// and comments, and a second fix changes nothing), the diff and --check modes, the guard hook, and
// that no secret is printed.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { detectors } from '../detectors/index.js';
import { scan } from '../src/engine/scan.js';
import type { Finding } from '../src/engine/types.js';
import { planFixes } from '../src/fix/index.js';
import { REPO, runCli } from './support/cli.js';

const AGENT_FIXTURES = join(REPO, 'fixtures/agents');

function copyFixture(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), `fix-${name}-`)), name);
  cpSync(join(AGENT_FIXTURES, name), dir, { recursive: true });
  return dir;
}

async function findings(dir: string): Promise<Finding[]> {
  return (await scan({ root: dir, detectors })).findings;
}

const serious = (f: Finding): boolean => f.ruleId.startsWith('agent/') && (f.severity === 'high' || f.severity === 'critical');

function parses(path: string, text: string): void {
  if (/\.jsonc?$/.test(path)) {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { allowTrailingComma: true });
    expect(errors, path).toEqual([]);
  } else if (/\.ya?ml$/.test(path)) {
    for (const doc of parseAllDocuments(text) as { errors: unknown[] }[]) expect(doc.errors, path).toEqual([]);
  } else if (/\.toml$/.test(path)) expect(() => parseToml(text), path).not.toThrow();
}

/** Lines that are comments in the original (JSONC `//`, YAML and TOML `#`) and must survive; Windsurf turbo annotations are what fix removes. */
const commentLines = (text: string): string[] => text.split('\n').filter((l) => /^\s*(\/\/|#)/.test(l) && !/expect:|^\s*\/\/\s*turbo/.test(l));

describe('fix: round trip on every risky agent fixture', () => {
  const names = readdirSync(AGENT_FIXTURES).filter((n) => existsSync(join(AGENT_FIXTURES, n, 'fixture.yml')));
  for (const name of names) {
    it(name, async () => {
      const dir = copyFixture(name);
      const before = await findings(dir);
      const plan = planFixes(dir, before);
      const write = await runCli(['fix', dir, '--write']);
      expect(write.code).toBe(0);
      const changed = new Set(plan.files.map((f) => f.path));
      for (const file of plan.files) {
        const after = readFileSync(join(dir, file.path), 'utf8');
        expect(after).toBe(file.after);
        parses(file.path, after);
        for (const comment of commentLines(file.before)) expect(after, `${file.path} keeps ${comment.trim()}`).toContain(comment);
        if (/\.jsonc?$/.test(file.path)) {
          const keys = (t: string): string[] => Object.keys((parseJsonc(t, [], { allowTrailingComma: true }) ?? {}) as object);
          for (const key of keys(file.before)) expect(keys(after), `${file.path} keeps ${key}`).toContain(key);
        }
      }
      const remaining = (await findings(dir)).filter((f) => serious(f) && changed.has(f.location.path));
      expect(remaining.map((f) => `${f.ruleId} ${f.location.path}:${f.location.line}`)).toEqual([]);
      // Every serious agent finding was in a file the fix changed.
      expect(before.filter(serious).filter((f) => !changed.has(f.location.path)).map((f) => `${f.ruleId} ${f.location.path}`)).toEqual([]);
      const again = await runCli(['fix', dir]);
      expect(again.stdout).toBe('');
      expect((await runCli(['fix', dir, '--check'])).code).toBe(0);
    });
  }
});

describe('fix: modes and output', () => {
  it('without --write prints a unified diff and exits 0; --check exits 1 while fixes remain', async () => {
    const dir = copyFixture('codex-yolo');
    const run = await runCli(['fix', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^--- a\/\.codex\/config\.toml\n\+\+\+ b\/\.codex\/config\.toml\n@@ /);
    expect(run.stdout).toContain('+approval_policy = "on-request"');
    expect(run.stdout).toContain('+sandbox_mode = "workspace-write"');
    const check = await runCli(['fix', dir, '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('');
    expect(check.stderr).toContain('blast-radius fix --write');
  });

  it('Claude Code: a broad rule becomes read-only rules plus ask and deny rules for what it opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fix-claude-'));
    mkdirSync(join(dir, '.claude'));
    writeFileSync(join(dir, '.claude/settings.json'), '{\n  // the team\'s rules\n  "permissions": {\n    "allow": ["Bash(git:*)", "Read"],\n    "defaultMode": "bypassPermissions"\n  },\n  "model": "opus"\n}\n');
    await runCli(['fix', dir, '--write']);
    const after = parseJsonc(readFileSync(join(dir, '.claude/settings.json'), 'utf8')) as { permissions: Record<string, unknown>; model: string };
    expect(readFileSync(join(dir, '.claude/settings.json'), 'utf8')).toContain("// the team's rules");
    expect(after.model).toBe('opus');
    expect(after.permissions.defaultMode).toBe('default');
    expect(after.permissions.allow).toEqual(expect.arrayContaining(['Read', 'Bash(git status)', 'Bash(git diff:*)']));
    expect(after.permissions.allow).not.toContain('Bash(git:*)');
    expect(after.permissions.ask).toEqual(expect.arrayContaining(['Bash(git push:*)']));
    expect(after.permissions.deny).toEqual(expect.arrayContaining(['Bash(git push --force:*)']));
  });

  it('MCP servers get their own safety switch; one without a switch is listed as not fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fix-mcp-'));
    writeFileSync(
      join(dir, '.mcp.json'),
      JSON.stringify({ mcpServers: { gh: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${GITHUB_TOKEN}' } }, redis: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-redis', 'redis://:hunter2hunter2@cache.example.com:6379'] } } }, null, 2),
    );
    const run = await runCli(['fix', dir, '--write']);
    const after = JSON.parse(readFileSync(join(dir, '.mcp.json'), 'utf8')) as { mcpServers: Record<string, { args: string[] }> };
    expect(after.mcpServers.gh?.args).toContain('--read-only');
    if (run.stderr.includes('redis')) expect(run.stderr).toMatch(/not fixed: \.mcp\.json:\d+ agent\/mcp-server-unrestricted: .*no read-only switch/);
  });

  it('never prints a secret: context lines beside the edit are masked', async () => {
    const dir = copyFixture('gemini-risky');
    const secret = readFileSync(join(dir, '.gemini/settings.json'), 'utf8').match(/postgres:\/\/admin:([^@]+)@/)?.[1] as string;
    const run = await runCli(['fix', dir]);
    expect(run.stdout).toContain('DATABASE_URL');
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('--guard installs the PreToolUse hook once, and the scan counts it as a gate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fix-guard-'));
    mkdirSync(join(dir, '.claude'));
    writeFileSync(join(dir, '.claude/settings.json'), '{\n  "permissions": { "allow": ["Bash(terraform:*)"] }\n}\n');
    await runCli(['fix', dir, '--write', '--guard']);
    const settings = JSON.parse(readFileSync(join(dir, '.claude/settings.json'), 'utf8')) as { hooks: { PreToolUse: { matcher: string; hooks: { command: string }[] }[] } };
    expect(settings.hooks.PreToolUse).toHaveLength(1);
    expect(settings.hooks.PreToolUse[0]?.hooks[0]?.command).toBe('blast-radius guard');
    const second = await runCli(['fix', dir, '--write', '--guard']);
    expect(second.stdout).toBe('nothing to fix\n');
    // A repository with no settings yet gets a file holding only the hook.
    const bare = mkdtempSync(join(tmpdir(), 'fix-guard-bare-'));
    await runCli(['fix', bare, '--write', '--guard']);
    expect(JSON.parse(readFileSync(join(bare, '.claude/settings.json'), 'utf8')).hooks.PreToolUse[0].matcher).toContain('Bash');
  });

  it('the guard hook lowers what it holds and nothing else (fixture claude-code-guarded)', async () => {
    const found = await findings(join(AGENT_FIXTURES, 'claude-code-guarded'));
    const byLine = Object.fromEntries(found.map((f) => [f.location.line, f.severity]));
    expect(byLine).toEqual({ 4: 'low', 5: 'low', 6: 'high' });
    expect((await runCli(['explain', 'agent/claude-code-broad-allow'])).stdout).toContain('blast-radius guard');
  });

  it('tokens and backups are not edited: their findings are a plan on standard error', async () => {
    const run = await runCli(['fix', join(REPO, 'fixtures/demo')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^by hand: .*token\//m);
  });
});
