// A pull request from a stranger is hostile input: whatever it adds, the scan finishes with a
// complete report, or exits 2 saying why. Each test here failed before its fix (issue #15).

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runBin } from '../support/cli.js';
import { writeTree } from '../support/files.js';

const TOKEN = 'ghp_Rb7kQ2xW9mLp4Tz6Yv8Nc3Hd5Jf1Gs0AaQeW';
const BIN = resolve(REPO, 'bin/blast-radius.cjs');

const tree = (files: Record<string, string>): string => writeTree('br-pr-', files);

const report = (stdout: string): { findings: { ruleId: string }[]; notifications: { id: string; message: string }[] } => JSON.parse(stdout);

describe('exit codes never lie (1)', () => {
  it('finishes with a full report when Terraform files nest thousands deep', () => {
    const deep = (n: number): string => `resource "aws_db_instance" "main" {\n  engine = "postgres"\n  tags = ${'['.repeat(n)}1${']'.repeat(n)}\n}\n`;
    const root = tree({ 'a.tf': deep(4000), 'b.tf': deep(3000), '.env': `GH_TOKEN=${TOKEN}\n` });
    const r = runBin(['scan', root, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = report(r.stdout);
    expect(out.findings.length).toBeGreaterThan(0);
    expect(out.notifications.filter((n) => n.id === 'parse-error').length).toBe(2);
  });

  it('turns a dependency that exits early into exit 2 with a message', () => {
    const root = tree({ '.env': `GH_TOKEN=${TOKEN}\n` });
    const early = join(root, 'early-exit.cjs');
    // A dependency's early exit: the first directory read ends the process with 0.
    writeFileSync(early, "const fs = require('node:fs');\nfs.readdirSync = () => process.exit(0);\n");
    const r = runBin(['scan', root, '--format', 'json'], { env: { NODE_OPTIONS: `--require ${early}` } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/before the report was complete/);
  });
});

describe('a malformed file cannot switch off a detector (2)', () => {
  it('still judges Claude Code settings beside a .mcp.json of nested brackets', () => {
    const root = tree({ '.mcp.json': '['.repeat(10_000), '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(*)'] } }) });
    const r = runBin(['scan', root, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = report(r.stdout);
    expect(out.findings.map((f) => f.ruleId)).toContain('agent/claude-code-broad-allow');
    expect(out.notifications.some((n) => n.id === 'parse-error' && /nested deeper/.test(n.message))).toBe(true);
  });
});

describe('output failures are loud (10)', () => {
  it('exits 2 when standard output is a full device', () => {
    const root = tree({ '.env': `GH_TOKEN=${TOKEN}\n` });
    const full = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [BIN, 'scan', root], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot write to standard output/);
  });

  it('exits 2 when the reader of standard output has gone', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`svc${i}/.env`] = `GH_TOKEN=${TOKEN}\n`;
    const root = tree(files);
    const child = spawn(process.execPath, [BIN, 'scan', root], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot write to standard output/);
  });

  it('leaves no truncated report when --output cannot be written, and exits 2', () => {
    const root = tree({ '.env': `GH_TOKEN=${TOKEN}\n` });
    const r = runBin(['scan', root, '--output', '/dev/full/report.sarif']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write the report/);
  });

  it('creates a missing folder for --output', () => {
    const root = tree({ '.env': `GH_TOKEN=${TOKEN}\n` });
    const out = join(root, 'reports', 'nested', 'scan.sarif');
    const r = runBin(['scan', root, '--output', out, '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});

describe('no whole secret, anywhere (6)', () => {
  const PASSWORD = 'Zq8vLm3Rt6Wp9Xy2';
  const NO_COLON = 'Hk4dPw7Qz1Lm9Rt5Vb8Nc2';
  const stores: Record<string, string> = {
    '.docker/config.json': JSON.stringify({ auths: { 'registry.example.test': { auth: Buffer.from(NO_COLON).toString('base64') }, 'ghcr.io': { auth: Buffer.from(`deploy:${PASSWORD}`).toString('base64') } } }),
    '.netrc': `machine api.heroku.com\n  login me@example.test\n  password ${PASSWORD}\n`,
    '.aws/credentials': `[default]\naws_access_key_id = AKIAZ7QW3ERTY5UIOP2A\naws_secret_access_key = ${PASSWORD}${PASSWORD}abcd1234\n`,
    '.config/gh/hosts.yml': `github.com:\n  oauth_token: ${TOKEN}\n  user: me\n`,
  };
  const planted = [NO_COLON, PASSWORD, TOKEN, `${PASSWORD}${PASSWORD}abcd1234`, encodeURIComponent(`p@ss/${PASSWORD}`)];

  it('prints no planted value in text, JSON, SARIF or the job summary', async () => {
    const home = tree(stores);
    const root = tree({ '.env': `DATABASE_URL=postgresql://admin:${encodeURIComponent(`p@ss/${PASSWORD}`)}@db.prod.example.test:5432/app\nSECOND=${Buffer.from(`admin:${PASSWORD}`).toString('base64')}\n` });
    for (const format of ['text', 'json', 'sarif']) {
      const r = runBin(['scan', root, '--home', home, '--format', format, '--fail-on', 'none']);
      expect(r.code).toBe(0);
      for (const p of planted) {
        expect(r.stdout, `${format} holds a planted value`).not.toContain(p);
        expect(r.stderr).not.toContain(p);
      }
    }
    const { scan } = await import('../../src/engine/scan.js');
    const { detectors } = await import('../../detectors/index.js');
    const { summaryMarkdown } = await import('../../src/action/summary.js');
    const result = await scan({ root, home, detectors });
    expect(result.findings.some((f) => f.ruleId.startsWith('token/') && f.location.path === '.docker/config.json')).toBe(true);
    const summary = summaryMarkdown(result, { failOn: 'high', gated: 0 });
    for (const p of planted) expect(summary).not.toContain(p);
  });
});

describe('config and baseline are plain files inside the repository (4)', () => {
  it('refuses a .blast-radius.yml that links to /dev/zero, at once and with exit 2', () => {
    const root = tree({ '.env': `GH_TOKEN=${TOKEN}\n` });
    symlinkSync('/dev/zero', join(root, '.blast-radius.yml'));
    const r = runBin(['scan', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/symbolic link/);
  });

  it('never echoes the content of a file the config links to', () => {
    const outside = tree({ 'private.txt': 'ignore: [\n  secret-line-7f3a: {{\n' });
    const root = tree({ '.env': `GH_TOKEN=${TOKEN}\n` });
    symlinkSync(join(outside, 'private.txt'), join(root, '.blast-radius.yml'));
    const r = runBin(['scan', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('secret-line-7f3a');
  });

  it('refuses a baseline that is not a regular file, and one over 1 MB', () => {
    const root = tree({ '.env': `GH_TOKEN=${TOKEN}\n`, 'big.json': `{"findings": [], "pad": "${'x'.repeat(1_100_000)}"}` });
    expect(runBin(['scan', root, '--baseline', '/dev/zero']).stderr).toMatch(/not a regular file/);
    expect(runBin(['scan', root, '--baseline', join(root, 'big.json')]).stderr).toMatch(/larger than/);
  });

  it('keeps the file size cap under its bound whatever the config says', async () => {
    const { parseConfig, MAX_FILE_SIZE_BOUND } = await import('../../src/engine/config.js');
    expect(parseConfig({ 'max-file-size': '40GB' }).maxFileSize).toBe(MAX_FILE_SIZE_BOUND);
    expect(parseConfig({ 'max-file-size': '512KB' }).maxFileSize).toBe(512 * 1024);
  });
});

describe('baselines and fingerprints keyed on the secret (8)', () => {
  it('gives a different live token at the same file and variable a new fingerprint, in SARIF too', () => {
    const other = 'ghp_Wn4sTq8Lz2Rk6Yp9Vc3Hm7Jd5Xb1Gf0NeKuA';
    const first = tree({ '.env': `GH_TOKEN=${TOKEN}\n` });
    const second = tree({ '.env': `GH_TOKEN=${other}\n` });
    const baseline = join(first, 'baseline.json');
    expect(runBin(['scan', first, '--write-baseline', baseline, '--fail-on', 'none']).code).toBe(0);
    expect(runBin(['scan', first, '--baseline', baseline]).code).toBe(0);
    const r = runBin(['scan', second, '--baseline', baseline, '--format', 'sarif']);
    expect(r.code).toBe(1);
    const fingerprint = (root: string): string => JSON.parse(runBin(['scan', root, '--format', 'sarif', '--fail-on', 'none']).stdout).runs[0].results[0].partialFingerprints['blastRadiusFingerprint/v1'];
    expect(fingerprint(first)).not.toBe(fingerprint(second));
  });
});

describe('--verify sends a value only to the provider whose format it matched (9)', () => {
  it('never sends a value matched by a repository pattern to the GitHub API', async () => {
    const { fakeGithub } = await import('../support/github-server.js');
    const { runCli } = await import('../support/cli.js');
    const server = await fakeGithub({ 'GET /user': () => ({ body: { login: 'octocat' } }) });
    try {
      const home = tree({ '.aws/credentials': '[default]\naws_access_key_id = AKIAZ7QW3ERTY5UIOP2A\naws_secret_access_key = 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\n' });
      const root = tree({ '.blast-radius.yml': 'tokens:\n  patterns:\n    - id: mine\n      provider: github\n      regex: "[A-Za-z0-9]{40}"\n' });
      const run = await runCli(['scan', root, '--home', home, '--verify', '--format', 'json', '--fail-on', 'none', '--github-api-url', server.url]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).findings.some((f: { ruleId: string; message: string }) => /mine/.test(f.message))).toBe(true);
      expect(server.requests.length).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('linear time on patterns from repository files (3)', () => {
  it('runs a catastrophic config pattern, VS Code regex keys and Zed patterns in linear time', () => {
    const line = `${'a'.repeat(50_000)}!`;
    const root = tree({
      '.blast-radius.yml': 'tokens:\n  patterns:\n    - id: slow\n      provider: acme\n      regex: "(a+)+$"\n',
      'data.env': `${line}\n`,
      '.vscode/settings.json': JSON.stringify({ 'chat.tools.terminal.autoApprove': { '/^(a|a)*$/': true, '/(x+x+)+y/': true } }),
      '.zed/settings.json': JSON.stringify({ agent: { tool_permissions: { tools: { terminal: { always_allow: [{ pattern: '^(a|aa)+$' }, { pattern: '(.*a){20}' }] } } } } }),
    });
    const started = Date.now();
    const r = runBin(['scan', root, '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('linear time on any input (3)', () => {
  it('keeps YAML positions right when long runs of empty lines are folded', async () => {
    const { parseYaml, yamlPosition, yamlNodeAt } = await import('../../src/parsers/yaml.js');
    const y = parseYaml(`services:\n${'\n'.repeat(500)}  db:\n    image: postgres\n${'\r\n'.repeat(300)}  web:\n    image: nginx\n`);
    const root = y.docs[0]?.contents;
    expect(yamlPosition(y, yamlNodeAt(root, ['services', 'db', 'image']))).toEqual({ line: 503, column: 12 });
    expect(yamlPosition(y, yamlNodeAt(root, ['services', 'web', 'image']))).toEqual({ line: 805, column: 12 });
  });

  it.each([
    ['a compose file of empty lines', 'compose.yml', `services:\n${'\n'.repeat(2_000_000)}`],
    ['a long line of letters before a token', '.env', `A=${'a'.repeat(1_000_000)} ${TOKEN}\n`],
    ['a repeated URL fragment', '.env', `DATABASE_URL=${'postgres://u:p@h/'.repeat(100_000)}\n`],
    ['a repeated agent command in a workflow', '.github/workflows/agent.yml', `on: issue_comment\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: ${'claude -p x --allowedTools Bash '.repeat(50_000)}\n`],
    ['a repeated command in an instruction file', 'CLAUDE.md', `${'Always run `rm -rf '.repeat(90_000)}\n`],
  ])('scans %s of about 2 MB in bounded time', (_name, path, text) => {
    const root = tree({ [path]: text });
    const started = Date.now();
    const r = runBin(['scan', root, '--fail-on', 'none']);
    expect(r.code).toBe(0);
    // Quadratic behaviour took minutes here; the budget is generous for slow machines.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('reads a compose file of thousands of services extending each other, beside hundreds of variants, in bounded time', () => {
    const services = Array.from({ length: 5000 }, (_, i) => `  s${i}:\n    extends: s${(i + 1) % 5000}\n    image: postgres:17\n    volumes:\n      - data${i}:/var/lib/postgresql/data\n`).join('');
    const files: Record<string, string> = { 'compose.yaml': `services:\n${services}` };
    for (let i = 0; i < 300; i++) files[`docker-compose.v${i}.yml`] = `services:\n  backup${i}:\n    image: prodrigestivill/postgres-backup-local:17\n    volumes:\n      - data${i}:/backups\n`;
    const root = tree(files);
    const started = Date.now();
    expect(runBin(['scan', root, '--fail-on', 'none']).code).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('follows thousands of Kustomize overlays over one large base in bounded time', () => {
    const job = (i: number): string => `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: dump-${i}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: dump\n              command: ["sh", "-c", "pg_dump app > /b/app.sql"]\n              volumeMounts:\n                - name: b\n                  mountPath: /b\n          volumes:\n            - name: b\n              persistentVolumeClaim:\n                claimName: backups\n`;
    const files: Record<string, string> = { 'base/kustomization.yaml': `resources:\n${Array.from({ length: 200 }, (_, i) => `  - job-${i}.yaml\n`).join('')}` };
    for (let i = 0; i < 200; i++) files[`base/job-${i}.yaml`] = job(i);
    for (let i = 0; i < 2000; i++) files[`overlays/o${i}/kustomization.yaml`] = `namespace: ns-${i % 3}\nresources:\n  - ../../base\n`;
    const root = tree(files);
    const started = Date.now();
    const r = runBin(['scan', root, '--fail-on', 'none', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'backup/k8s-backups-in-cluster')).toHaveLength(200);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('analyses an agent SDK file whose broken string leaves thousands of bare words in bounded time', () => {
    // Found by the fuzz test: dropping such a file from a shared ts-morph project re-read the
    // comments around every node it had wrapped (45 s for this file).
    const text = `import { tool } from '@openai/agents';\nexport const reset = tool({\n  description: 'Drop\n    volumes:\n      # x${'ate a p and recreate '.repeat(12_000)} table',\n  needsApproval: false,\n  async execute({ table }) {\n    await sql.unsafe(\`DROP TABLE \${table}\`);\n  },\n});\n`;
    const root = tree({ 'src/tools/db.ts': text });
    const started = Date.now();
    expect(runBin(['scan', root, '--fail-on', 'none']).code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('no injection through repository text (7)', () => {
  it('prints control characters, escape sequences and BiDi overrides in file names as visible escapes', () => {
    const root = tree({ [`evil\u001b[2J\u202egpj.env`]: `GH_TOKEN=${TOKEN}\n`, 'line\nbreak\r::error::x.env': `GH_TOKEN=${TOKEN}\n` });
    const r = runBin(['scan', root, '--fail-on', 'none']);
    for (const c of ['\u001b', '\u202e', '\r']) expect(r.stdout).not.toContain(c);
    expect(r.stdout).toContain('\\x1b[2J\\u202egpj.env');
    expect(r.stdout.split('\n').some((l) => l.startsWith('::error::'))).toBe(false);
  });

  it('escapes Markdown and HTML in the job summary', async () => {
    const { markdownText } = await import('../../src/report/escape.js');
    expect(markdownText('a`](https://evil.test)<img src=x>|')).toBe('a\\`\\]\\(https://evil.test\\)&lt;img src=x&gt;\\|');
  });
});

describe('nothing hides silently (12)', () => {
  it('reads a .env with a NUL byte at its start, and counts unreadable folders, ignored paths and non-UTF-8 names', () => {
    const root = tree({ '.blast-radius.yml': 'ignore: ["vendor-x/**"]\n', 'vendor-x/a.env': 'A=1\n', 'locked/a.env': 'A=1\n' });
    writeFileSync(join(root, '.env'), Buffer.concat([Buffer.from([0]), Buffer.from(`GH_TOKEN=${TOKEN}\n`)]));
    writeFileSync(Buffer.from(join(root, 'name-\xff.env'), 'latin1'), 'A=1\n');
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const out = JSON.parse(runBin(['scan', root, '--format', 'json', '--fail-on', 'none']).stdout);
      expect(out.findings.some((f: { location: { path: string } }) => f.location.path === '.env')).toBe(true);
      const skipped = out.summary.skipped;
      expect(skipped['ignored-by-config']).toBe(1);
      expect(skipped['non-utf8-name']).toBe(1);
      if (process.getuid?.() !== 0) expect(skipped['unreadable-directory']).toBe(1);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });
});

describe('nesting is measured before a parser sees it (2)', () => {
  it('counts brackets outside quotes, indentation levels and compact sequence markers', async () => {
    const { indentsDeeperThan, nestsDeeperThan } = await import('../../src/parsers/depth.js');
    expect(nestsDeeperThan('['.repeat(300))).toBe(true);
    expect(nestsDeeperThan(`"${'['.repeat(300)}"`)).toBe(false);
    expect(nestsDeeperThan(`# don't\n${'{'.repeat(10)}`)).toBe(false);
    // JSON has no single-quoted strings: a stray quote must not hide the brackets after it.
    expect(nestsDeeperThan(`'${'{"a":'.repeat(300)}`, 256, true)).toBe(true);
    expect(indentsDeeperThan(`a:\n${'- '.repeat(300)}x\n`)).toBe(true);
    expect(indentsDeeperThan(Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'))).toBe(true);
    expect(indentsDeeperThan('services:\n  db:\n    image: postgres\n    ports:\n      - "5432:5432"\n')).toBe(false);
  });
});

describe('the job summary stays under GitHub\'s limit', () => {
  it('cuts a huge report at a line, under 1 MiB, and says so', async () => {
    const { summaryMarkdown, MAX_SUMMARY_BYTES } = await import('../../src/report/markdown.js');
    const finding = (i: number) => ({ ruleId: 'token/broad-credential', severity: 'critical' as const, confidence: 'high' as const, message: `m${i} ${'x'.repeat(8000)}`, location: { root: 'repo' as const, path: `f${i}.env`, line: 1, column: 1 }, related: [], fingerprint: `${i}` });
    const result = { root: '/r', rules: [], findings: Array.from({ length: 300 }, (_, i) => finding(i)), suppressed: [], notifications: [], facts: [], stats: { filesScanned: 1, bytesScanned: 1, skipped: {}, skippedFolders: [], suppressed: { inline: 0, config: 0, baseline: 0 }, durationMs: 1 } };
    const md = summaryMarkdown(result, { failOn: 'high', gated: 300 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(md).toMatch(/the report was cut here/);
  });
});
