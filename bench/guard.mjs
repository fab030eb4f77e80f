// Times `blast-radius guard` as Claude Code runs it: one process per tool call, the hook's JSON
// on standard input. Prints the median wall time of an ordinary command, a destructive one and
// an MCP call, beside `node -e 0` (Node's own start-up) measured in the same run.
//
//   npm run bench:guard [-- RUNS]        (default 30 runs each, after 3 warm-up runs)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const runs = Number(process.argv[2] ?? 30);
const bin = resolve(import.meta.dirname, '../bin/blast-radius.cjs');
const project = mkdtempSync(join(tmpdir(), 'guard-bench-'));
const payload = (tool_name, tool_input) => JSON.stringify({ hook_event_name: 'PreToolUse', cwd: project, tool_name, tool_input });
const cases = [
  ['node -e 0 (start-up floor)', ['-e', '0'], ''],
  ['ordinary command', [bin, 'guard'], payload('Bash', { command: 'npm run build && git status' })],
  ['destructive, wrapped', [bin, 'guard'], payload('Bash', { command: `bash -c "cd app && npx prisma migrate reset --force"` })],
  ['MCP call', [bin, 'guard'], payload('mcp__supabase__execute_sql', { query: 'select 1' })],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = cases.map(([name]) => ({ name, times: [] }));
for (let i = -3; i < runs; i++) {
  // Interleaved, so drift in the machine's speed touches every case alike.
  cases.forEach(([, args, input], c) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { input, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${cases[c][0]} exited ${r.status}: ${r.stderr}`);
    if (i >= 0) results[c].times.push(ms);
  });
}
rmSync(project, { recursive: true, force: true });
const floor = median(results[0].times);
for (const { name, times } of results) console.log(`${name.padEnd(28)} median ${median(times).toFixed(1)} ms  (${(median(times) / floor).toFixed(2)}x node -e 0, ${runs} runs)`);
