// Windsurf (Cascade), agent-configs.md §9. Terminal commands:
// - `windsurf.cascadeCommandsAllowList` in Windsurf's settings.json (the user's, or a workspace's
//   `.vscode/settings.json`) lists command prefixes Cascade runs without asking: `git` auto-accepts
//   `git add -A`;
// - `windsurf.cascadeCommandsDenyList` entries always ask, and win over the allow list
//   (docs.windsurf.com/windsurf/terminal).
// Workflows can auto-run their own command steps, in Windsurf (`.windsurf/workflows/*.md`) and in
// Google Antigravity, its fork (`.agent/workflows/`, `.agents/workflows/`):
// - `// turbo` above a step runs that step unasked;
// - `// turbo-all` anywhere in the file runs every step unasked.
// The annotations are described by Antigravity's and Cascade's own guides to writing workflows,
// not by Windsurf's reference documentation, so that rule's precision is medium.
// MCP servers come from `~/.codeium/windsurf/mcp_config.json` (`mcpServers`, `serverUrl` for
// remote ones); Cascade asks before their tools unless the user said otherwise in the app.

import type { McpServerReach, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type ProjectContext } from '../../src/engine/types.js';
import { destructiveOrder } from './instructions.js';
import { capped, describeOpenings, entryOpenings, openingKinds, openingSeverity, openProbes } from './openings.js';
import { describeMcpServer, SHELL_PROBES, workspaceSurface, type McpEntry } from './probes.js';

const SETTINGS = ['.vscode/settings.json', '~/.config/Windsurf/User/settings.json', '~/Library/Application Support/Windsurf/User/settings.json'];
const MCP_CONFIG = '~/.codeium/windsurf/mcp_config.json';
const ALLOW = 'windsurf.cascadeCommandsAllowList';
const DENY = 'windsurf.cascadeCommandsDenyList';

const strings = (v: unknown): string[] => capped(Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()) : []);

/** A list entry is a command prefix, matched on whole words: `git` covers `git add -A`, not `gitk`. */
export const prefixMatches = (entry: string, command: string): boolean => command === entry || command.startsWith(`${entry} `);

/** Whether Cascade runs `command` unasked under these lists; the deny list wins. */
export const runsUnasked = (allow: readonly string[], deny: readonly string[], command: string): boolean =>
  allow.some((e) => prefixMatches(e, command)) && !deny.some((e) => prefixMatches(e, command));

function mcpServers(file: SourceFile | undefined): McpServerReach[] {
  const servers = (file?.json().value as { mcpServers?: unknown } | undefined)?.mcpServers;
  if (!file || servers === null || typeof servers !== 'object') return [];
  return Object.entries(servers as Record<string, unknown>)
    .filter(([, e]) => e !== null && typeof e === 'object')
    .map(([name, e]) => {
      const entry = e as Omit<McpEntry, 'name'> & { serverUrl?: unknown };
      return describeMcpServer({ ...entry, ...(typeof entry.serverUrl === 'string' ? { url: entry.serverUrl } : {}), name }, file.jsonLocation(['mcpServers', name]), false);
    });
}

function checkSettings({ report, fact, file: fileAt }: ProjectContext, file: SourceFile): void {
  const settings = file.json().value as Record<string, unknown> | undefined;
  if (!settings || typeof settings !== 'object' || !(ALLOW in settings)) return;
  const allow = strings(settings[ALLOW]);
  const deny = strings(settings[DENY]);
  const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
  for (const p of SHELL_PROBES) probes[p.id] = runsUnasked(allow, deny, p.command) ? 'allow' : 'ask';
  let gateLocation = file.jsonLocation([ALLOW]);
  const layer = file.root === 'home' ? 'user' : 'workspace';
  const raw = capped(Array.isArray(settings[ALLOW]) ? (settings[ALLOW] as unknown[]) : []);
  let opened = false;
  raw.forEach((entry, i) => {
    if (typeof entry !== 'string' || entry.trim() === '') return;
    const prefix = entry.trim();
    const found = entryOpenings({ prefix, open: true }, (command) => prefixMatches(prefix, command) && runsUnasked(allow, deny, command));
    if (found.length === 0) return;
    openProbes(probes, found);
    const at = file.jsonLocation([ALLOW, i]);
    if (!opened) gateLocation = at;
    opened = true;
    report('agent/windsurf-command-allowlist', at, {
      message: `${ALLOW} entry "${prefix}" ${describeOpenings(found)}. Keep the list to read-only commands and put what it opens in ${DENY}.`,
      severity: openingSeverity(found),
      key: `allow:${prefix}`,
      properties: { tool: 'windsurf', opens: openingKinds(found), example: found[0]?.command },
    });
  });
  fact({
    ...workspaceSurface('windsurf', probes, gateLocation, layer, mcpServers(fileAt('home', MCP_CONFIG.slice(2))), opened ? 'agent/windsurf-command-allowlist' : undefined),
    id: `windsurf:${file.root}:${file.path}`,
  });
}

/** The lines of a workflow whose command steps auto-run: all after `// turbo-all`, or the step right below `// turbo`. */
function autoRunSteps(lines: readonly string[]): { all?: number; steps: Set<number> } {
  const annotation = (line: string): string | undefined => /^\s*(?:[-*]\s*|\d+\.\s*)?\/\/\s*(turbo(?:-all)?)\s*$/.exec(line)?.[1];
  const allAt = lines.findIndex((l) => annotation(l) === 'turbo-all');
  const steps = new Set<number>();
  lines.forEach((line, i) => {
    if (annotation(line) !== 'turbo') return;
    // The step is the next non-empty line and, when it opens a code block, the block's lines.
    let j = i + 1;
    while (j < lines.length && (lines[j] ?? '').trim() === '') j++;
    let inCode = false;
    for (; j < lines.length; j++) {
      const text = lines[j] ?? '';
      steps.add(j);
      if (/^\s*```/.test(text)) inCode = !inCode;
      if (!inCode && !/^\s*```/.test(lines[j + 1] ?? '')) break;
    }
  });
  return { ...(allAt >= 0 ? { all: allAt } : {}), steps };
}

export default defineDetector({
  id: 'agents/windsurf',
  files: ['**/.windsurf/workflows/*.md', '**/.agent/workflows/*.md', '**/.agents/workflows/*.md'],
  projectFiles: [...SETTINGS, MCP_CONFIG],
  keeps: (file) => file.path.endsWith('mcp_config.json') || file.text.includes(ALLOW),
  rules: {
    'agent/windsurf-command-allowlist': {
      title: 'Windsurf runs destructive terminal commands without asking',
      severity: 'high',
      precision: 'high',
      help: [
        '`windsurf.cascadeCommandsAllowList` in Windsurf\'s settings lists command prefixes Cascade runs without asking, and a prefix covers every command that starts with it: `git` auto-accepts `git push --force`, `rm` auto-accepts `rm -rf .`, and `railway`, `terraform`, `kubectl` or `psql` let Cascade delete volumes, stacks, namespaces and databases unreviewed. An entry also covers what the program it names can start: `npm` reaches `npm exec <any package>`, `python3` reaches `python3 -c <any code>`, `uv` reaches `uv run`, `env`, `xargs`, `sudo` and `docker` run any command; each entry is reported at its own line with the worst command it lets through.',
        '',
        '**Fix:** allow only read-only commands (`git status`, `git diff`, `ls`), and list `rm`, `git push`, `railway`, `terraform`, `kubectl`, `psql` and `aws` in `windsurf.cascadeCommandsDenyList`, which wins over the allow list. Keep terminal auto-execution off Turbo.',
      ].join('\n'),
    },
    'agent/turbo-workflow': {
      title: 'An agent workflow auto-runs a destructive command',
      severity: 'high',
      precision: 'medium',
      help: [
        'A Windsurf or Antigravity workflow (`.windsurf/workflows/*.md`, `.agent/workflows/*.md`, `.agents/workflows/*.md`) marks its steps to run without asking: `// turbo` above a step auto-runs that step, and `// turbo-all` auto-runs every step of the workflow. Here an auto-run step holds a destructive command (`rm -rf`, `terraform destroy -auto-approve`, `kubectl delete`, `railway volume delete`, `DROP DATABASE`, `git push --force`), so invoking the workflow destroys without anyone confirming.',
        '',
        '**Fix:** drop `// turbo-all`, keep `// turbo` only above read-only steps (tests, builds, status), and let the agent ask before the destructive one.',
      ].join('\n'),
    },
  },
  check({ file, report }) {
    if (!file.text.includes('turbo')) return;
    const lines = file.text.split(/\r?\n/);
    const { all, steps } = autoRunSteps(lines);
    if (all === undefined && steps.size === 0) return;
    lines.forEach((line, i) => {
      if (!(steps.has(i) || (all !== undefined && i !== all))) return;
      const order = destructiveOrder(line);
      if (!order) return;
      report('agent/turbo-workflow', file.at(i + 1, line.search(/\S/) + 1), {
        message: `This workflow step runs "${order}" without asking: ${steps.has(i) ? '// turbo marks the step' : `// turbo-all on line ${(all ?? 0) + 1} marks every step`} to auto-run. Remove the annotation from destructive steps so the agent asks first.`,
        confidence: 'medium',
        properties: { tool: /(?:^|\/)\.windsurf\//.test(file.path) ? 'windsurf' : 'antigravity', annotation: steps.has(i) ? 'turbo' : 'turbo-all' },
      });
    });
  },
  checkProject(ctx: ProjectContext) {
    for (const file of ctx.files(SETTINGS)) checkSettings(ctx, file);
  },
});
