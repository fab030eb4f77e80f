// The npm package as a registry user gets it: `npm pack`, installed into a temporary prefix from
// the tarball (offline: its dependencies come from the npm cache `npm ci` filled), then a real
// scan with the installed bin. The package holds the CLI and no Action bundle, installs without
// an engine or install-script warning on this Node, and its manifest has no `prepare` script.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from './support/cli.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

it('packs, installs into a temporary prefix and scans with the installed bin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-'));
  execFileSync(npm, ['pack', '--pack-destination', dir, '--silent'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz')) as string;
  const listing = execFileSync('tar', ['-tzf', join(dir, tarball)], { encoding: 'utf8' }).split('\n');
  expect(listing).toContain('package/bin/blast-radius.cjs');
  expect(listing).toContain('package/build/cli/main.cjs');
  expect(listing).toContain('package/schema/blast-radius.schema.json');
  expect(listing.filter((f) => f.startsWith('package/dist/'))).toEqual([]);
  const manifest = JSON.parse(execFileSync('tar', ['-xzOf', join(dir, tarball), 'package/package.json'], { encoding: 'utf8' })) as { scripts: Record<string, string> };
  expect(manifest.scripts.prepare).toBeUndefined();
  // The repository's own manifest is back as it was.
  expect((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.prepare).toBe('npm run build');

  const prefix = join(dir, 'prefix');
  const install = spawnSync(npm, ['install', '--prefix', prefix, join(dir, tarball), '--offline', '--no-audit', '--no-fund'], { encoding: 'utf8' });
  expect(install.status, install.stderr).toBe(0);
  expect(install.stderr).not.toMatch(/EBADENGINE|install-scripts/);

  const scan = spawnSync(process.execPath, [join(prefix, 'node_modules/blast-radius/bin/blast-radius.cjs'), 'scan', join(REPO, 'fixtures/demo'), '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8' });
  expect(scan.status, scan.stderr).toBe(0);
  const report = JSON.parse(scan.stdout) as { findings: { ruleId: string }[] };
  expect(report.findings.map((f) => f.ruleId)).toContain('chain/agent-credential-data-store');
}, 180_000);
