// Hostile trees: whatever the files, a scan finishes, reports problems as notifications, never
// follows a symlink out of the root, and opens no network connection.

import fs, { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectors } from '../../detectors/index.js';
import { defaultConfig } from '../../src/engine/config.js';
import { scan } from '../../src/engine/scan.js';

const TOKEN = 'ghp_Rb7kQ2xW9mLp4Tz6Yv8Nc3Hd5Jf1Gs0AaQeW';

function hostileTree(): { root: string; outside: string } {
  const outside = mkdtempSync(join(tmpdir(), 'br-outside-'));
  writeFileSync(join(outside, 'secret.env'), `GH_TOKEN=${TOKEN}\n`);
  const root = mkdtempSync(join(tmpdir(), 'br-hostile-'));
  writeFileSync(join(root, 'empty.yml'), '');
  writeFileSync(join(root, 'binary.json'), Buffer.from([0x7b, 0x00, 0x01, 0x02, 0xff]));
  writeFileSync(join(root, 'latin1.env'), Buffer.from([0x41, 0x3d, 0xe9, 0xff, 0xfe, 0x0a]));
  writeFileSync(join(root, 'utf16.env'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`GH_TOKEN=${TOKEN}\n`, 'utf16le')]));
  // Files a detector parses: a parse error there must become a notification.
  writeFileSync(join(root, 'docker-compose.yml'), 'services:\n  db: [1, 2\n  b: {\n');
  mkdirSync(join(root, '.claude'));
  writeFileSync(join(root, '.claude', 'settings.json'), '{"permissions": ');
  mkdirSync(join(root, '.codex'));
  writeFileSync(join(root, '.codex', 'config.toml'), 'approval_policy = \n[b');
  writeFileSync(join(root, 'broken.tf'), 'resource "aws_db_instance" "x" {\n  skip_final_snapshot = \n');
  writeFileSync(join(root, 'bomb.yml'), ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(',')}]`)].join('\n'));
  writeFileSync(join(root, 'deep.json'), `${'['.repeat(5000)}${']'.repeat(5000)}`);
  writeFileSync(join(root, 'name with spaces ünïcode.env'), `GH_TOKEN=${TOKEN}\n`);
  writeFileSync(join(root, 'line\nbreak.env'), `GH_TOKEN=${TOKEN}\n`);
  mkdirSync(join(root, '.gemini'));
  writeFileSync(join(root, '.gemini', 'settings.json'), '{"tools": {"exclude": ["run_shell_command"]}, "tools": {"allowed": ["run_shell_command"]}}');
  writeFileSync(join(root, 'compose.yaml'), 'services:\n  db: {image: postgres}\nservices:\n  web: {image: nginx}\n');
  // TypeScript's parser is exponential on unclosed nested arrow parameters: refused, not parsed.
  writeFileSync(join(root, 'agent.ts'), `import { tool } from 'ai';\nexport const t = tool({ execute: ${'async ({cute: '.repeat(30)}execSync('ls') });\n`);
  // Wildcards built to backtrack: matched in linear time.
  writeFileSync(join(root, 'opencode.json'), JSON.stringify({ permission: { bash: { [`${'*r'.repeat(40)}*z`]: 'allow' } } }));
  mkdirSync(join(root, '.vscode'));
  writeFileSync(join(root, '.vscode', 'settings.json'), JSON.stringify({ 'chat.tools.terminal.autoApprove': { '/^(a+)+$/': true, '/(x|x?)+y/': true } }));
  mkdirSync(join(root, '.env'));
  writeFileSync(join(root, '.env', 'inner.txt'), 'not a dotenv\n');
  symlinkSync(outside, join(root, 'outside-dir'));
  symlinkSync(join(outside, 'secret.env'), join(root, 'outside-file.env'));
  mkdirSync(join(root, 'loop'));
  symlinkSync(join(root, 'loop'), join(root, 'loop', 'again'));
  let deep = root;
  for (let i = 0; i < 60; i++) deep = join(deep, `d${i}`);
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'deep.env'), `GH_TOKEN=${TOKEN}\n`);
  return { root, outside };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hostile input', () => {
  it('finishes, notifies parse errors and never leaves the root', async () => {
    const { root } = hostileTree();
    const result = await scan({ root, detectors });
    const paths = result.findings.map((f) => f.location.path);
    expect(paths).toContain('utf16.env');
    expect(paths).toContain('name with spaces ünïcode.env');
    expect(paths.some((p) => p.endsWith('deep.env'))).toBe(true);
    expect(paths.some((p) => p.startsWith('outside'))).toBe(false);
    expect(result.stats.skipped['symlink-outside-root']).toBe(2);
    expect(result.stats.skipped.binary).toBeGreaterThanOrEqual(1);
    const parseErrors = result.notifications.filter((n) => n.id === 'parse-error').map((n) => n.location?.path);
    expect(parseErrors).toEqual(expect.arrayContaining(['docker-compose.yml', '.claude/settings.json', '.codex/config.toml', 'broken.tf']));
    expect(result.notifications.filter((n) => n.id === 'detector-error')).toEqual([]);
    expect(paths).toContain('line\nbreak.env');
    expect(result.notifications).toContainEqual(expect.objectContaining({ id: 'parse-error', location: expect.objectContaining({ path: 'agent.ts' }) as unknown }));
    const duplicates = result.notifications.filter((n) => n.id === 'duplicate-key').map((n) => n.location?.path);
    expect(duplicates).toEqual(expect.arrayContaining(['.gemini/settings.json', 'compose.yaml']));
  });

  it('reports an unreadable file as a notification and goes on', async () => {
    const root = mkdtempSync(join(tmpdir(), 'br-unreadable-'));
    writeFileSync(join(root, 'locked.env'), `GH_TOKEN=${TOKEN}\n`);
    writeFileSync(join(root, 'open.env'), `GH_TOKEN=${TOKEN}\n`);
    // Tests run as root on CI, where chmod 000 does not stop a read: make the read fail instead.
    const real = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation(((path: Parameters<typeof real>[0], ...rest: unknown[]) => {
      if (String(path).endsWith('locked.env')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return (real as (...a: unknown[]) => number)(path, ...rest);
    }) as typeof fs.openSync);
    syncBuiltinESMExports();
    const result = await scan({ root, detectors });
    expect(result.findings.map((f) => f.location.path)).toEqual(['open.env']);
    expect(result.notifications).toContainEqual(expect.objectContaining({ id: 'read-error', message: 'locked.env: cannot read (EACCES)' }));
    expect(result.stats.skipped.unreadable).toBe(1);
    vi.restoreAllMocks();
    syncBuiltinESMExports();
  });

  it('skips a 50 MB one-line bundle by size, and scans it without stalling when the limit allows', async () => {
    const root = mkdtempSync(join(tmpdir(), 'br-bundle-'));
    const chunk = 'function a(b){return b.map(function(c){return c*2}).filter(Boolean)};var x="abc\\u0041",y=/[a-z]+/g;';
    const body = chunk.repeat(Math.ceil((50 * 1024 * 1024) / chunk.length));
    writeFileSync(join(root, 'app.js'), `${body}var t="${TOKEN}";`);
    const skipped = await scan({ root, detectors });
    expect(skipped.stats.skipped['too-large']).toBe(1);
    const config = { ...defaultConfig(), maxFileSize: 64 * 1024 * 1024 };
    const read = await scan({ root, detectors, config });
    expect(read.stats.filesScanned).toBe(1);
    expect(read.notifications.filter((n) => n.id === 'detector-error')).toEqual([]);
  }, 120_000);

  it('opens no socket during a default scan', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(() => {
      throw new Error('network access during a scan');
    });
    const { root } = hostileTree();
    await scan({ root, detectors });
    expect(connect).not.toHaveBeenCalled();
  });
});
