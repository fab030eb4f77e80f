// Hostile trees: whatever the files, a scan finishes, reports problems as notifications, never
// follows a symlink out of the root, and opens no network connection.

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectors } from '../../detectors/index.js';
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
  });

  it('opens no socket during a default scan', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(() => {
      throw new Error('network access during a scan');
    });
    const { root } = hostileTree();
    await scan({ root, detectors });
    expect(connect).not.toHaveBeenCalled();
  });
});
