// `blast-radius guard`: hook payloads as Claude Code and Gemini CLI send them, for each destructive
// family direct and wrapped, the look-alike commands that must pass, and malformed input.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runBin } from '../support/cli.js';

const PROJECT = '/home/dev/shop';

async function guard(payload: unknown, options: { argv?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const code = await main(['guard', ...(options.argv ?? [])], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { HOME: '/home/dev', ...(options.env ?? {}) },
    cwd: PROJECT,
    readStdin: async () => text,
  });
  return { code, stdout, stderr };
}

const bash = (command: string, cwd = PROJECT): unknown => ({
  session_id: 'abc123',
  transcript_path: '/home/dev/.claude/projects/x.jsonl',
  cwd,
  permission_mode: 'default',
  hook_event_name: 'PreToolUse',
  tool_name: 'Bash',
  tool_input: { command, description: 'run it', timeout: 120000 },
  tool_use_id: 'toolu_01ABC123',
});

async function decision(command: string): Promise<string | undefined> {
  const run = await guard(bash(command));
  expect(run.code).toBe(0);
  if (run.stdout === '') return undefined;
  const out = JSON.parse(run.stdout) as { hookSpecificOutput: { hookEventName: string; permissionDecision: string; permissionDecisionReason: string } };
  expect(out.hookSpecificOutput.hookEventName).toBe('PreToolUse');
  expect(out.hookSpecificOutput.permissionDecisionReason).toMatch(/^blast-radius guard: /);
  return out.hookSpecificOutput.permissionDecision;
}

describe('guard: destructive commands are denied, direct and wrapped', () => {
  const denied: Record<string, string[]> = {
    'database drops and destructive SQL': ['psql "$DATABASE_URL" -c "DROP TABLE users"', 'dropdb production', 'mysql -e "TRUNCATE orders" shop', 'redis-cli FLUSHALL', 'mongosh --eval "db.dropDatabase()"'],
    'migration resets': ['npx prisma migrate reset --force', 'bin/rails db:drop', 'php artisan migrate:fresh'],
    'platform deletes': ['railway volume delete vol_123', 'fly volumes destroy vol_1 -y', 'supabase projects delete abc', 'neonctl projects delete p1', 'heroku apps:destroy shop --confirm shop', 'gcloud sql instances delete prod'],
    'HTTP API deletes': [
      `curl -X POST https://backboard.railway.app/graphql/v2 -H "Authorization: Bearer $RAILWAY_TOKEN" -d '{"query":"mutation { volumeDelete(volumeId: \\"v1\\") }"}'`,
      'curl -X DELETE https://api.example.com/v1/projects/1',
      'gh api -X DELETE repos/acme/shop',
    ],
    'IaC destroy': ['terraform destroy -auto-approve', 'tofu destroy', 'pulumi destroy --yes', 'cdk destroy --force'],
    'cluster deletes': ['kubectl delete namespace prod', 'kubectl delete pvc data-postgres-0', 'helm uninstall postgres'],
    'volume and bucket removal': ['docker volume rm shop_pgdata', 'docker compose down -v', 'aws s3 rb s3://shop-backups --force', 'gsutil rm -r gs://shop-backups'],
    'rm of the project or outside it': ['rm -rf ~', 'rm -rf /', `rm -rf ${PROJECT}`, 'rm -rf .', 'rm -rf ../other-project', 'rm -rf $HOME/.config'],
    'force pushes': ['git push --force origin main', 'git push -f', 'git push origin +main'],
  };
  for (const [family, commands] of Object.entries(denied)) {
    it(family, async () => {
      for (const command of commands) expect(await decision(command), command).toBe('deny');
    });
  }

  it('wrapped: nested shells, &&, pipes, $(…), xargs, sudo, env prefixes and runners', async () => {
    for (const command of [
      `bash -c "cd app && npx prisma migrate reset --force"`,
      `sh -c 'echo start; railway volume delete vol_1'`,
      `npm test && terraform destroy -auto-approve`,
      `echo $(kubectl delete ns prod)`,
      'echo pgdata | xargs docker volume rm',
      'sudo -u postgres dropdb shop',
      'DATABASE_URL=postgres://x@db/shop timeout 30 psql -c "DROP SCHEMA public CASCADE"',
      `env FOO=1 bash -lc "git push --force"`,
      'find . -name "*.sql" -exec psql -c "DROP DATABASE shop" \\;',
    ])
      expect(await decision(command), command).toBe('deny');
  });

  it('the reason names the innermost command that deletes', async () => {
    const run = await guard(bash('bash -c "npx prisma migrate reset --force"'));
    expect(run.stdout).toContain('prisma migrate reset');
    expect(run.stdout).toContain('inside');
  });
});

describe('guard: look-alikes pass', () => {
  it('reads, plans, logs and project-local deletes print nothing', async () => {
    for (const command of [
      'psql "$DATABASE_URL" -c "SELECT * FROM users LIMIT 5"',
      'railway logs',
      'railway status',
      'terraform plan',
      'terraform fmt -recursive',
      'rm -rf ./dist',
      'rm -rf node_modules .next',
      `rm -rf ${PROJECT}/build`,
      'rm -f /tmp/blast-radius.log',
      'kubectl get pods -n prod',
      'git push origin feature/x',
      'docker compose up -d',
      'gh pr list',
      'curl https://api.example.com/health',
      'npm test',
      'ls -la',
    ])
      expect(await decision(command), command).toBeUndefined();
  });
});

describe('guard: ambiguous calls ask', () => {
  it('apply, hard reset, inline code that deletes, commands chosen at run time', async () => {
    for (const command of ['terraform apply', 'git reset --hard HEAD~3', 'python3 -c "import shutil; shutil.rmtree(\'data\')"', 'bash -c "$CLEANUP"', 'cat paths.txt | xargs rm -rf', 'gh api -X PATCH repos/acme/shop -f visibility=private'])
      expect(await decision(command), command).toBe('ask');
  });
});

describe('guard: MCP tool calls', () => {
  const mcp = (tool_name: string, cwd = PROJECT): unknown => ({ hook_event_name: 'PreToolUse', cwd, tool_name, tool_input: {} });

  it('deletes are denied, writes on a destructive server asked, reads pass', async () => {
    const deny = await guard(mcp('mcp__supabase__delete_branch'));
    expect(JSON.parse(deny.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    const camel = await guard(mcp('mcp__railway__volumeDelete'));
    expect(JSON.parse(camel.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    const write = await guard(mcp('mcp__supabase__execute_sql'));
    expect(JSON.parse(write.stdout).hookSpecificOutput.permissionDecision).toBe('ask');
    for (const read of ['mcp__github__list_issues', 'mcp__supabase__list_tables', 'mcp__github__get_deleted_items']) expect((await guard(mcp(read))).stdout, read).toBe('');
  });

  it('a server .mcp.json configures read-only has no tool that writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-mcp-'));
    writeFileSync(join(dir, '.mcp.json'), JSON.stringify({ mcpServers: { supabase: { command: 'npx', args: ['-y', '@supabase/mcp-server-supabase@latest', '--read-only', '--project-ref=abc'] } } }));
    expect((await guard(mcp('mcp__supabase__execute_sql', dir))).stdout).toBe('');
    const other = await guard(mcp('mcp__supabase__execute_sql', PROJECT));
    expect(other.stdout).toContain('"ask"');
  });
});

describe('guard: policy, formats and malformed input', () => {
  it('guard.allow in .blast-radius.yml accepts what a team accepts; the rest is still judged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-allow-'));
    writeFileSync(join(dir, '.blast-radius.yml'), 'guard:\n  allow:\n    - supabase db reset\n    - mcp__supabase__execute_sql\n');
    expect((await guard(bash('npx supabase db reset', dir))).stdout).toBe('');
    expect((await guard(bash('npx supabase db reset && dropdb shop', dir))).stdout).toContain('"deny"');
    expect((await guard({ hook_event_name: 'PreToolUse', cwd: dir, tool_name: 'mcp__supabase__execute_sql', tool_input: {} })).stdout).toBe('');
  });

  it('a config that cannot be read keeps the full policy and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-badconfig-'));
    writeFileSync(join(dir, '.blast-radius.yml'), 'guard:\n  allow: "*"\n');
    const run = await guard(bash('dropdb shop', dir));
    expect(run.stdout).toContain('"deny"');
    expect(run.stderr).toContain('guard.allow');
  });

  it('an agent editing its own approval policy is asked about', async () => {
    for (const file_path of [`${PROJECT}/.claude/settings.json`, `${PROJECT}/.blast-radius.yml`]) {
      const run = await guard({ hook_event_name: 'PreToolUse', cwd: PROJECT, tool_name: 'Edit', tool_input: { file_path, old_string: 'a', new_string: 'b' } });
      expect(JSON.parse(run.stdout).hookSpecificOutput.permissionDecision).toBe('ask');
    }
    expect((await guard({ hook_event_name: 'PreToolUse', cwd: PROJECT, tool_name: 'Edit', tool_input: { file_path: `${PROJECT}/src/app.ts` } })).stdout).toBe('');
  });

  it('Gemini CLI: BeforeTool gets its own decision shape', async () => {
    const run = await guard({ hook_event_name: 'BeforeTool', cwd: PROJECT, tool_name: 'run_shell_command', tool_input: { command: 'dropdb shop' }, timestamp: '2026-12-03T00:00:00Z' });
    expect(JSON.parse(run.stdout)).toEqual({ decision: 'deny', reason: expect.stringContaining('dropdb') });
    expect((await guard({ hook_event_name: 'BeforeTool', cwd: PROJECT, tool_name: 'run_shell_command', tool_input: { command: 'ls' } })).stdout).toBe('');
  });

  it('malformed input: no decision, one line on stderr, exit 0', async () => {
    for (const input of ['not json', '[]', '{"tool_input":{}}', '', '{"tool_name":"Bash","tool_input":{"command":42}}']) {
      const run = await guard(input);
      expect(run.code, input).toBe(0);
      expect(run.stdout, input).toBe('');
    }
    expect((await guard('not json')).stderr).toMatch(/^blast-radius guard: standard input is not JSON; no decision made\n$/);
  });

  it('a hostile command line costs bounded time and no crash', async () => {
    const run = await guard(bash(`${'bash -c "'.repeat(2000)}rm -rf ~${'"'.repeat(2000)} ${'x && '.repeat(50_000)}`));
    expect(run.code).toBe(0);
  });

  it('the built bin runs it from its own bundle, with real standard input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-bin-'));
    mkdirSync(join(dir, 'sub'));
    const input = JSON.stringify(bash('railway volume delete vol_1', dir));
    const r = runBin(['guard'], { cwd: dir, input });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    expect(runBin(['guard', '--help']).stdout).toContain('PreToolUse');
    expect(runBin(['guard', '--agent', 'vim']).code).toBe(2);
  });
});
