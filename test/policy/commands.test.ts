import { describe, expect, it } from 'vitest';
import { effectsOf, worst } from '../../src/policy/commands.js';
import { commandsIn } from '../../src/policy/shell.js';
import { openingsOf } from '../../src/policy/reach.js';

const capability = (line: string): string | undefined => worst(effectsOf(line))?.capability;
const families = (line: string): string[] => effectsOf(line).map((e) => e.family);

describe('commandsIn', () => {
  it('splits lists, pipes and substitutions, and follows nested shells and wrappers', () => {
    const cmds = commandsIn(`FOO=1 timeout 5 bash -c 'npx prisma migrate reset && rm -rf ~' | tee log; echo $(whoami) \`id\``).map((c) => c.words.join(' '));
    expect(cmds).toEqual(expect.arrayContaining(['timeout 5 bash -c npx prisma migrate reset && rm -rf ~', 'bash -c npx prisma migrate reset && rm -rf ~', 'npx prisma migrate reset', 'rm -rf ~', 'tee log', 'whoami', 'id']));
  });
  it('keeps variables as written and reads lines after a comment', () => {
    const cmds = commandsIn('# wipe\nrm -rf $HOME\nsudo -u deploy env A=1 dropdb app').map((c) => c.words.join(' '));
    expect(cmds).toEqual(expect.arrayContaining(['rm -rf $HOME', 'dropdb app']));
  });
  it('follows find -exec, xargs, eval and sh -c inside sh -c', () => {
    const cmds = commandsIn(`sh -c "eval 'find . -name x -exec shred {} ;'" | xargs -n1 kubectl delete ns`).map((c) => c.words.join(' '));
    expect(cmds).toEqual(expect.arrayContaining(['shred', 'kubectl delete ns']));
  });
  it('stays bounded on a line that nests shells without end', () => {
    const line = `${'bash -c "'.repeat(2000)}rm -rf /${'"'.repeat(2000)}`;
    const start = Date.now();
    commandsIn(line);
    commandsIn(`echo ${'`a`'.repeat(50_000)}`);
    expect(Date.now() - start).toBeLessThan(5000);
  });
});

describe('effectsOf', () => {
  it.each([
    ['python3 -c "print(1)"', 'arbitrary-exec'],
    ['node -e "x"', 'arbitrary-exec'],
    ['npm exec -- foo', 'arbitrary-exec'],
    ['npx some-package', 'arbitrary-exec'],
    ['pnpm dlx create-thing', 'arbitrary-exec'],
    ['uv run python x.py', 'arbitrary-exec'],
    ['env rm -rf ~', 'arbitrary-exec'],
    ['docker run alpine sh', 'arbitrary-exec'],
    ['ssh host uptime', 'arbitrary-exec'],
    ['cat file | bash', 'arbitrary-exec'],
    ['railway volume delete --volume pgdata', 'destructive'],
    ['psql "$DATABASE_URL" -c "DROP TABLE users"', 'destructive'],
    ['mongosh --eval "db.dropDatabase()"', 'destructive'],
    ['prisma migrate reset --force', 'destructive'],
    ['terraform destroy', 'destructive'],
    ['kubectl delete pod x', 'destructive'],
    ['docker compose down -v', 'destructive'],
    ['git push --force origin main', 'destructive'],
    ['git push origin +main', 'destructive'],
    ['git clean -fdx', 'destructive'],
    ['gh api -X DELETE repos/a/b', 'destructive'],
    ['curl -X DELETE https://api.test/v/1', 'destructive'],
    ['rm -rf ~', 'destructive'],
    ['rm -rf /', 'destructive'],
    ['aws s3 rb s3://b --force', 'destructive'],
    ['npm test', 'workspace-run'],
    ['make build', 'workspace-run'],
    ['python3 scripts/seed.py', 'workspace-run'],
  ])('%s is %s', (line, expected) => expect(capability(line)).toBe(expected));

  it.each(['psql -c "SELECT 1"', 'railway logs', 'terraform plan', 'rm -rf ./dist', 'rm -rf node_modules', 'git push origin main', 'git status', 'kubectl get pods', 'gh pr view 1', 'curl https://example.test', 'ls -la', 'python3 --version', 'docker ps', 'docker compose up -d'])(
    '%s opens nothing', (line) => expect(capability(line)).toBeUndefined(),
  );

  it('finds nothing for commands named like Object\'s own methods', () => {
    for (const line of ['toString', 'constructor delete', '__proto__ a', 'hasOwnProperty -c x', 'valueOf run x']) expect(effectsOf(line)).toEqual([]);
  });

  it('names the family', () => {
    expect(families('fly apps destroy app')).toContain('platform');
    expect(families('helm uninstall app')).toContain('platform');
    expect(families('redis-cli FLUSHALL')).toContain('database');
  });
});

describe('openingsOf', () => {
  const worstOf = (prefix: string, open = true, editsApproved = false): string | undefined => openingsOf({ prefix, open, editsApproved })[0]?.effect.capability;
  it.each([
    ['npm', 'arbitrary-exec'],
    ['python3', 'arbitrary-exec'],
    ['uv', 'arbitrary-exec'],
    ['command', 'arbitrary-exec'],
    ['docker', 'arbitrary-exec'],
    ['bash', 'arbitrary-exec'],
    ['node -e', 'arbitrary-exec'],
    ['sudo -u deploy', 'arbitrary-exec'],
    ['git', 'arbitrary-exec'],
    ['git push', 'destructive'],
    ['git push origin', 'destructive'],
    ['kubectl delete', 'destructive'],
    ['railway', 'arbitrary-exec'],
    ['terraform', 'destructive'],
    ['psql', 'destructive'],
    ['rm', 'destructive'],
    ['curl', 'destructive'],
    ['gh', 'destructive'],
    ['', 'arbitrary-exec'],
  ])('an open %s reaches %s', (prefix, expected) => expect(worstOf(prefix)).toBe(expected));

  it.each(['npm run', 'npm test', 'git status', 'git diff', 'ls', 'kubectl get', 'terraform plan', 'gh pr view', 'pytest', 'make'])('an open %s reaches nothing without edits', (prefix) =>
    expect(worstOf(prefix)).toBeUndefined(),
  );

  it('reads a fixed package or code as fixed, and an appended payload only inside a wrapper', () => {
    expect(worstOf('npx drizzle-kit')).toBe('destructive');
    expect(worstOf('npx tsc')).toBeUndefined();
    expect(worstOf('timeout 30 npm test')).toBeUndefined();
    expect(worstOf('railway logs')).toBeUndefined();
    expect(worstOf('railway up')).toBeUndefined();
    expect(worstOf('ssh prod uptime', false)).toBeUndefined();
    expect(worstOf('python3 -', false)).toBe('arbitrary-exec');
    expect(worstOf('npx tsx')).toBe('arbitrary-exec');
    expect(openingsOf({ prefix: "node -e '", open: true })[0]?.effect.capability).toBe('arbitrary-exec');
    expect(openingsOf({ prefix: 'npm', open: true, partial: true })[0]?.effect.capability).toBe('arbitrary-exec');
  });

  it('a wildcard right after a directory climbs out of it with ..', () => {
    // `echo code | python ~/.claude/scripts/../../../dev/stdin` runs the piped code; `uv run <dir>/../../bin/sh -c …` runs anything.
    for (const prefix of ['python ~/.claude/scripts/', 'bash ~/.claude/scripts/', 'uv run ~/.claude/scripts/'])
      expect(openingsOf({ prefix, open: true, partial: true })[0]?.effect.capability, prefix).toBe('arbitrary-exec');
    // A fixed script, or a wildcard after a whole word, does not climb.
    expect(worstOf('python scripts/seed.py', false)).toBeUndefined();
    expect(effectsOf('python3 /dev/stdin')[0]?.capability).toBe('arbitrary-exec');
    expect(effectsOf('bash /proc/self/fd/0')[0]?.capability).toBe('arbitrary-exec');
  });

  it('editors run the commands given on their command line', () => {
    expect(effectsOf("nvim --headless -c '!rm -rf ~' -c q")[0]?.capability).toBe('arbitrary-exec');
    expect(effectsOf("vim +'!ls'")[0]?.capability).toBe('arbitrary-exec');
    expect(effectsOf('nvim README.md')).toEqual([]);
    expect(worstOf('nvim')).toBe('arbitrary-exec');
  });

  it('counts workspace runs once edits are approved', () => {
    expect(worstOf('npm run', true, true)).toBe('workspace-run');
    expect(worstOf('pytest', true, true)).toBe('workspace-run');
  });

  it('judges an exact command as itself', () => {
    expect(worstOf('python3 -c "print(1)"', false)).toBeUndefined();
    expect(worstOf('bash -c "rm -rf ~"', false)).toBe('destructive');
    expect(worstOf('npm test', false, true)).toBe('workspace-run');
  });
});
