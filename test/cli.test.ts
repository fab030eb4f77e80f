// The command-line contract of product.md §3: commands, flags, formats, exit codes, usage errors.

import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectors } from '../detectors/index.js';
import { allRules } from '../src/engine/scan.js';
import { VERSION } from '../src/version.js';
import { REPO, runBin, runBinAsync, runCli } from './support/cli.js';
import { fakeGithub } from './support/github-server.js';

const PAT = 'ghp_Q7wErTy8UiOp3AsDfGh2JkLz6XcVb9NmQw4E';

function repoWithToken(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'br-cli-'));
  writeFileSync(join(dir, 'deploy.sh'), `#!/bin/sh\nexport GH_TOKEN=${PAT}\ngh release create v1\n`);
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function severityOfToken(dir: string): Promise<string> {
  const run = await runCli(['scan', dir, '--format', 'json', '--fail-on', 'none']);
  const report = JSON.parse(run.stdout) as { findings: { ruleId: string; severity: string }[] };
  const f = report.findings.find((x) => x.ruleId === 'token/github-classic-pat');
  expect(f).toBeDefined();
  return f?.severity ?? '';
}

describe('cli', () => {
  it('prints usage and version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('blast-radius scan [PATH]');
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toBe(`blast-radius ${VERSION}`);
  });

  it.each([
    [['scan', '--frobnicate'], 'unknown option "--frobnicate"'],
    [['scan', '/definitely/not/here'], 'does not exist'],
    [['scan', '.', '--format', 'xml'], '--format must be text, json, sarif or markdown'],
    [['scan', '.', '--fail-on', 'severe'], '--fail-on must be'],
    [['scan', '.', '--config', '/definitely/not/here.yml'], 'cannot read config'],
    [['scan', '.', '--baseline', '/definitely/not/here.json'], 'cannot read baseline'],
    [['scan', '.', '--output'], '--output needs a value'],
    [['explain', 'token/no-such-rule'], 'unknown rule'],
    [['frobnicate'], 'unknown command'],
  ])('exits 2 with a one-line error for %j', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toContain(message);
  });

  it('rejects a config of the wrong shape', async () => {
    const dir = repoWithToken({ '.blast-radius.yml': 'ignore: 3\n' });
    const run = await runCli(['scan', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ignore must be a list of strings');
  });

  it('lists every rule and explains each', async () => {
    const run = await runCli(['rules']);
    expect(run.code).toBe(0);
    const rules = allRules(detectors);
    for (const r of rules) expect(run.stdout).toContain(r.id);
    const explained = await runCli(['explain', 'token/github-classic-pat']);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('severity:');
  });

  it('exits 1 at or above --fail-on and 0 below, whatever the format', async () => {
    const dir = repoWithToken();
    const severity = await severityOfToken(dir);
    const order = ['critical', 'high', 'medium', 'low'];
    const above = order[order.indexOf(severity) - 1];
    for (const format of ['text', 'json', 'sarif']) {
      expect((await runCli(['scan', dir, '--format', format, '--fail-on', severity])).code).toBe(1);
      expect((await runCli(['scan', dir, '--format', format, '--fail-on', 'low'])).code).toBe(1);
      expect((await runCli(['scan', dir, '--format', format, '--fail-on', 'none'])).code).toBe(0);
      if (above) expect((await runCli(['scan', dir, '--format', format, '--fail-on', above])).code).toBe(0);
    }
  });

  it('exits 0 on a clean repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-clean-'));
    writeFileSync(join(dir, 'index.js'), 'console.log("hello")\n');
    const run = await runCli(['scan', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No findings in 1 files');
  });

  it('writes the report to --output and picks SARIF from the extension', async () => {
    const dir = repoWithToken();
    const out = join(dir, 'report.sarif');
    const run = await runCli(['scan', dir, '--output', out, '--fail-on', 'none']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toHaveLength(1);
  });

  it('groups the text report by file with a summary line, colour only when asked', async () => {
    const dir = repoWithToken();
    const plain = await runCli(['scan', dir, '--fail-on', 'none']);
    expect(plain.stdout).toMatch(/^deploy\.sh$/m);
    expect(plain.stdout).toMatch(/^\s+2:\d+\s+\w+\s+token\/github-classic-pat$/m);
    expect(plain.stdout).toMatch(/^1 finding \(1 \w+\) in 1 files/m);
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await runCli(['scan', dir, '--fail-on', 'none', '--color']);
    expect(coloured.stdout).toContain('\u001b[');
    const tty = await runCli(['scan', dir, '--fail-on', 'none'], { tty: true, env: { NO_COLOR: '1' } });
    expect(tty.stdout).not.toContain('\u001b[');
  });

  it('honours inline ignores and config, and counts what it suppressed', async () => {
    const inline = repoWithToken({ 'ci.sh': `# blast-radius-ignore token/github-classic-pat rotated, kept for the changelog test\nTOKEN=${PAT}\n` });
    const json = JSON.parse((await runCli(['scan', inline, '--format', 'json', '--fail-on', 'none'])).stdout) as {
      findings: { location: { path: string } }[];
      summary: { suppressed: { inline: number } };
    };
    expect(json.findings.map((f) => f.location.path)).toEqual(['deploy.sh']);
    expect(json.summary.suppressed.inline).toBe(1);

    const disabled = repoWithToken({ '.blast-radius.yml': 'rules:\n  token/github-classic-pat: off\n' });
    const off = await runCli(['scan', disabled, '--format', 'json']);
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout).summary.suppressed.config).toBe(1);

    const regraded = repoWithToken({ '.blast-radius.yml': 'rules:\n  token/github-classic-pat: low\n' });
    const low = await runCli(['scan', regraded, '--format', 'json']);
    expect(low.code).toBe(0);
    expect(JSON.parse(low.stdout).findings[0].severity).toBe('low');

    const ignored = repoWithToken({ '.blast-radius.yml': 'ignore:\n  - "*.sh"\n' });
    expect((await runCli(['scan', ignored])).code).toBe(0);
  });

  it('validates the config: an unknown key, rule id or family is exit 2 naming it with the nearest name', async () => {
    for (const [yml, message] of [
      ['ignor:\n  - x\n', 'unknown key "ignor" (did you mean "ignore"?)'],
      ['rules:\n  token/github-clasic-pat: off\n', 'rules.token/github-clasic-pat names no rule or family (did you mean "token/github-classic-pat"?)'],
      ['rules:\n  agnt/*: low\n', 'rules.agnt/* names no rule or family (did you mean "agent/*"?)'],
      ['tokens:\n  safe-variable: [A]\n', 'unknown key "tokens.safe-variable" (did you mean "safe-variables"?)'],
      ['rules:\n  token/github-classic-pat: severe\n', 'must be off or one of'],
    ]) {
      const run = await runCli(['scan', repoWithToken({ '.blast-radius.yml': yml as string })]);
      expect(run.code, yml).toBe(2);
      expect(run.stderr, yml).toContain(message);
    }
    // A family turns off or re-grades every rule in it.
    const family = await runCli(['scan', repoWithToken({ '.blast-radius.yml': 'rules:\n  token/*: low\n' }), '--format', 'json']);
    expect(family.code).toBe(0);
    expect((JSON.parse(family.stdout) as { findings: { severity: string }[] }).findings.every((f) => f.severity === 'low')).toBe(true);
    const explain = await runCli(['explain', 'token/github-clasic-pat']);
    expect(explain.stderr).toContain('did you mean "token/github-classic-pat"?');
  });

  it('a bare blast-radius-ignore suppresses every finding on its line and the next; one naming an unknown rule is a warning', async () => {
    const bare = repoWithToken({ 'ci.sh': `# blast-radius-ignore -- a fixture token\nTOKEN=${PAT}\n` });
    const json = JSON.parse((await runCli(['scan', bare, '--format', 'json', '--fail-on', 'none'])).stdout) as { summary: { suppressed: { inline: number } } };
    expect(json.summary.suppressed.inline).toBe(1);
    const typo = repoWithToken({ 'ci.sh': `# blast-radius-ignore token/github-clasic-pat\nTOKEN=${PAT}\n` });
    const run = JSON.parse((await runCli(['scan', typo, '--format', 'json', '--fail-on', 'none'])).stdout) as { summary: { suppressed: { inline: number } }; notifications: { id: string; message: string }[] };
    expect(run.summary.suppressed.inline).toBe(0);
    expect(run.notifications.find((n) => n.id === 'unknown-rule-in-suppression')?.message).toMatch(/ci\.sh:1: .*"token\/github-clasic-pat", which is no rule \(did you mean "token\/github-classic-pat"\?\)/);
  });

  it('--verbose (or --debug) says on stderr what was read and skipped, and a typo of an option gets the nearest one', async () => {
    const dir = repoWithToken({ 'node_modules/x/index.js': 'x\n', 'logo.png': 'x' });
    const run = await runCli(['scan', dir, '--verbose', '--fail-on', 'none']);
    expect(run.stderr).toMatch(/blast-radius: \d+ files read/);
    expect(run.stderr).toContain('skipped folder node_modules/ (dependencies)');
    expect(run.stderr).toContain('skipped 1 (binary)');
    expect((await runCli(['scan', dir, '--debug', '--fail-on', 'none'])).stderr).toContain('skipped folder node_modules/');
    const typo = await runCli(['scan', dir, '--fial-on', 'high']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown option "--fial-on" for scan (did you mean "--fail-on"?)');
  });

  it('lists folders skipped by name, reads credential files inside build output, and --include brings a folder back', async () => {
    const dir = repoWithToken({ 'dist/.env': `TOKEN=${PAT}\n`, 'dist/bundle.js': `const t = "${PAT}";\n`, 'node_modules/x/.env': `TOKEN=${PAT}\n` });
    const json = JSON.parse((await runCli(['scan', dir, '--format', 'json', '--fail-on', 'none'])).stdout) as { findings: { location: { path: string } }[]; summary: { skippedFolders: { path: string; reason: string }[] } };
    expect(json.summary.skippedFolders).toEqual([{ path: 'dist', reason: 'build-output' }, { path: 'node_modules', reason: 'dependencies' }]);
    expect(json.findings.map((f) => f.location.path)).toContain('dist/.env');
    expect(json.findings.map((f) => f.location.path)).not.toContain('dist/bundle.js');
    const text = await runCli(['scan', dir, '--fail-on', 'none']);
    expect(text.stdout).toContain('Skipped 2 folders by name: dist/ (build output: only credential and agent files read); node_modules/ (dependencies)');
    const included = JSON.parse((await runCli(['scan', dir, '--format', 'json', '--fail-on', 'none', '--include', 'dist'])).stdout) as { findings: { location: { path: string } }[] };
    expect(included.findings.map((f) => f.location.path)).toContain('dist/bundle.js');
  });

  it('writes a baseline and hides what it records, even after lines move', async () => {
    const dir = repoWithToken();
    const baseline = join(dir, 'baseline.json');
    expect((await runCli(['scan', dir, '--write-baseline', baseline, '--fail-on', 'none'])).code).toBe(0);
    writeFileSync(join(dir, 'deploy.sh'), `#!/bin/sh\nset -e\n\necho release\nexport GH_TOKEN=${PAT}\ngh release create v1\n`);
    const run = await runCli(['scan', dir, '--baseline', baseline, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).summary.suppressed.baseline).toBe(1);
    writeFileSync(join(dir, 'new.env'), `OTHER_TOKEN=ghp_N3wT0kEnN3wT0kEnN3wT0kEnN3wT0kEnAb12\n`);
    expect((await runCli(['scan', dir, '--baseline', baseline, '--fail-on', 'low'])).code).toBe(1);
  });

  it('runs as the installed bin on the demo repository', () => {
    const run = runBin(['scan', 'fixtures/demo', '--no-color']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\d+ findings? \(/);
    const sarif = runBin(['scan', 'fixtures/demo', '--format', 'sarif']);
    expect(sarif.code).toBe(1);
    expect(JSON.parse(sarif.stdout).runs[0].results.length).toBeGreaterThan(0);
  });

  it('loads the parts the bundle keeps apart when a scan needs them: Octokit, fast-glob, ts-morph', async () => {
    const dir = repoWithToken();
    cpSync(join(REPO, 'fixtures/agents/sdk-code/src'), join(dir, 'src'), { recursive: true });
    const server = await fakeGithub({ 'GET /user': () => ({ headers: { 'x-oauth-scopes': 'repo, delete_repo' }, body: { login: 'octocat' } }) });
    try {
      const home = join(REPO, 'fixtures/agents/more-agents-risky/home');
      const run = await runBinAsync(['scan', dir, '--home', home, '--verify', '--github-api-url', server.url, '--format', 'json', '--fail-on', 'none']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as { findings: { ruleId: string; location: { root: string }; properties?: { verified?: unknown } }[] };
      expect(report.findings.find((f) => f.ruleId === 'token/github-classic-pat')?.properties?.verified).toMatchObject({ login: 'octocat' });
      expect(report.findings.some((f) => f.location.root === 'home')).toBe(true);
      expect(report.findings.some((f) => f.ruleId.startsWith('agent/sdk-'))).toBe(true);
      expect(server.requests.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('reports as the in-process CLI does when the bin loads its chunks on first use: the YAML library, picomatch and msgpack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-cli-'));
    cpSync(join(REPO, 'fixtures/demo'), dir, { recursive: true });
    // Fly.io macaroons are decoded with msgpack.
    cpSync(join(REPO, 'fixtures/tokens/scope-in-credential/.env.fly'), join(dir, '.env.fly'));
    cpSync(join(REPO, 'fixtures/backups/k8s-release-manifest'), join(dir, 'deploy'), { recursive: true });
    mkdirSync(join(dir, 'vendored'));
    writeFileSync(join(dir, 'vendored/.env'), `GH_TOKEN=${PAT}\n`);
    // A config is YAML, and its ignore globs are matched by picomatch.
    writeFileSync(join(dir, '.blast-radius.yml'), 'ignore:\n  - "vendored/**"\n');
    const args = ['scan', dir, '--format', 'json', '--fail-on', 'none'];
    const withoutTiming = (text: string): unknown => ({ ...(JSON.parse(text) as object), summary: { ...(JSON.parse(text) as { summary: object }).summary, durationMs: 0 } });
    const bin = runBin(args);
    expect(bin.stderr).toBe('');
    const report = withoutTiming(bin.stdout) as { findings: { ruleId: string; location: { path: string } }[] };
    expect(report.findings.some((f) => f.location.path.startsWith('deploy/'))).toBe(true);
    expect(report.findings.some((f) => f.location.path.startsWith('vendored/'))).toBe(false);
    expect(report.findings.filter((f) => f.location.path === '.env.fly').map((f) => f.ruleId)).toEqual(['token/broad-credential', 'token/project-destructive-credential', 'token/narrow-credential']);
    expect(report).toEqual(withoutTiming((await runCli(args)).stdout));
  });

  it('scans a Helm chart quietly: one note for its templates, no parse errors, nothing on stderr', () => {
    const dir = repoWithToken({
      'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
      'charts/shop/templates/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include "shop.fullname" . }}\ndata:\n  {{- range $k, $v := .Values.secrets }}\n  {{ $k }}: {{ $v | b64enc }}\n  {{- end }}\n',
      'charts/shop/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      volumes: {{ toYaml .Values.volumes | nindent 8 }}\n      {{ [] }}: x\n',
      'charts/shop/README.md': '# shop\n\nkind: Secret\n\n```yaml\nvalues:\n  a: [\n```\n',
    });
    const run = runBin(['scan', dir, '--format', 'json', '--fail-on', 'none']);
    expect(run.stderr).toBe('');
    const notes = (JSON.parse(run.stdout) as { notifications: { id: string; message: string }[] }).notifications;
    expect(notes.filter((n) => n.id === 'parse-error')).toEqual([]);
    expect(notes.filter((n) => n.id === 'skipped-template').map((n) => n.message)).toEqual([expect.stringMatching(/^charts\/shop\/: Helm templates/)]);
  });

  it('keeps the bin working from another directory', () => {
    const dir = repoWithToken();
    const run = runBin(['scan', dir, '--fail-on', 'none'], { cwd: tmpdir() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('token/github-classic-pat');
  });
});

describe('day-one conventions (issue #17, in part)', () => {
  it('prints each command\'s own usage for --help and -h, exit 0', async () => {
    for (const [argv, head] of [[['scan', '--help'], 'blast-radius scan [PATH]'], [['upload', '-h'], 'blast-radius upload FILE.sarif'], [['explain', '--help'], 'blast-radius explain RULE_ID'], [['rules', '--help'], 'blast-radius rules']] as const) {
      const r = await runCli([...argv]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(head);
      expect(r.stdout).not.toContain('blast-radius upload FILE.sarif' === head ? 'blast-radius scan [PATH]' : 'blast-radius upload FILE.sarif');
    }
  });

  it('takes -o and -f, and enum values in any case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-day1-'));
    const out = join(dir, 'nested', 'report.json');
    const r = await runCli(['scan', join(REPO, 'fixtures/demo'), '-f', 'JSON', '-o', out, '--fail-on', 'CRITICAL']);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe(1);
  });

  it('scans one file given as the path', async () => {
    const r = await runCli(['scan', join(REPO, 'fixtures/demo/.env'), '--format', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { findings: { location: { path: string } }[] };
    expect(out.findings.length).toBeGreaterThan(0);
    expect(out.findings.every((f) => f.location.path === '.env')).toBe(true);
  });

  it('prints the job summary as a report with --format markdown', async () => {
    const r = await runCli(['scan', join(REPO, 'fixtures/demo'), '--format', 'markdown', '--fail-on', 'high']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## blast-radius\n/);
    expect(r.stdout).toContain('### Findings');
  });
});

describe('baselines (issue #17, in part)', () => {
  it('refreshes a baseline in place: keeps what is still there, adds the new, drops the fixed, exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-baseline-'));
    writeFileSync(join(dir, '.env'), 'GH_TOKEN=ghp_Rb7kQ2xW9mLp4Tz6Yv8Nc3Hd5Jf1Gs0AaQeW\nOTHER_TOKEN=ghp_Wn4sTq8Lz2Rk6Yp9Vc3Hm7Jd5Xb1Gf0NeKuA\n');
    const baseline = join(dir, 'baseline.json');
    expect((await runCli(['scan', dir, '--write-baseline', baseline])).code).toBe(0);
    const first = JSON.parse(readFileSync(baseline, 'utf8')) as { findings: unknown[] };
    expect(first.findings).toHaveLength(2);
    writeFileSync(join(dir, '.env'), 'GH_TOKEN=ghp_Rb7kQ2xW9mLp4Tz6Yv8Nc3Hd5Jf1Gs0AaQeW\nTHIRD_TOKEN=ghp_Qq4sTq8Lz2Rk6Yp9Vc3Hm7Jd5Xb1Gf0NeKuB\n');
    const refresh = await runCli(['scan', dir, '--baseline', baseline, '--write-baseline', baseline]);
    expect(refresh.code).toBe(0);
    expect(refresh.stderr).toMatch(/2 finding\(s\) recorded \(1 kept, 1 added, 1 dropped as fixed\)/);
    expect((JSON.parse(readFileSync(baseline, 'utf8')) as { findings: unknown[] }).findings).toHaveLength(2);
    expect((await runCli(['scan', dir, '--baseline', baseline])).code).toBe(0);
  });
});
