// goose (aaif-goose/goose, formerly block/goose), `~/.config/goose/config.yaml`: `GOOSE_MODE` sets
// tool approval. `auto` runs every tool call unasked ("Completely Autonomous"), `smart_approve`
// asks only for the calls its risk check flags, `approve` asks for every call and `chat` uses no
// tools. An unset mode is `auto`: goose's documentation (guides/config-files.md) gives it as the
// default and its source reads `get_param("GOOSE_MODE").unwrap_or("auto")`. The environment
// variable of the same name overrides the file, which a scan cannot see. Enabled `extensions` of
// type `stdio` (`cmd`, `args`, `envs`) or `streamable_http` (`uri`) are MCP servers; the built-in
// `developer` extension is the one with the shell.

import type { McpServerReach, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type Location } from '../../src/engine/types.js';
import { yamlValue } from '../../src/parsers/yaml.js';
import { allShellProbes, describeMcpServer, workspaceSurface } from './probes.js';

type Mode = 'auto' | 'smart_approve' | 'approve' | 'chat';
const MODES: readonly string[] = ['auto', 'smart_approve', 'approve', 'chat'];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The enabled extensions that are MCP servers (built-in ones are goose's own tools). */
function extensionServers(file: SourceFile, root: unknown, extensions: Record<string, unknown>, autoApproved: boolean): McpServerReach[] {
  return Object.entries(extensions)
    .filter((e): e is [string, Record<string, unknown>] => isObject(e[1]) && e[1].enabled !== false && (e[1].type === 'stdio' || e[1].type === 'streamable_http' || e[1].type === 'sse'))
    .map(([name, e]) =>
      describeMcpServer(
        {
          name,
          ...(typeof e.cmd === 'string' ? { command: e.cmd } : {}),
          ...(Array.isArray(e.args) ? { args: e.args.filter((a): a is string => typeof a === 'string') } : {}),
          ...(typeof e.uri === 'string' ? { url: e.uri } : {}),
          ...(isObject(e.envs) ? { env: e.envs } : {}),
        },
        file.yamlLocation(root, ['extensions', name]),
        autoApproved,
      ),
    );
}

export default defineDetector({
  id: 'agents/goose',
  files: ['~/.config/goose/config.yaml'],
  rules: {
    'agent/goose-autonomous': {
      title: 'goose runs every tool call without asking',
      severity: 'high',
      precision: 'high',
      help: [
        "goose's `GOOSE_MODE` is `auto` (\"Completely Autonomous\"), which is also what an unset mode means: goose modifies and deletes files, runs shell commands and calls every enabled extension's tools without asking, so a confused session can run `rm -rf`, `DROP DATABASE` or `railway volume delete` with whatever credentials the shell holds.",
        '',
        '**Fix:** set `GOOSE_MODE: smart_approve` (risky calls ask) or `approve` (every call asks) in `~/.config/goose/config.yaml`, check that no `GOOSE_MODE=auto` is exported in the shell, and run autonomous sessions only in a disposable container without production credentials.',
      ].join('\n'),
    },
  },
  check({ file, report, fact }) {
    const doc = file.yaml().docs[0];
    const value = doc ? yamlValue(doc) : undefined;
    if (!isObject(value)) return;
    const raw = value.GOOSE_MODE;
    // An unknown value is left alone: goose would reject it, and guessing its meaning helps no one.
    if (raw !== undefined && !(typeof raw === 'string' && MODES.includes(raw))) return;
    const mode = (raw ?? 'auto') as Mode;
    const extensions = isObject(value.extensions) ? value.extensions : {};
    const developer = extensions.developer;
    const shell = mode !== 'chat' && !(isObject(developer) && developer.enabled === false);
    const servers = mode === 'chat' ? [] : extensionServers(file, doc?.contents, extensions, mode === 'auto');
    const probes: Partial<Record<ProbeId, ProbeOutcome>> = allShellProbes(shell && mode === 'auto' ? 'allow' : 'ask');
    if (servers.some((s) => s.destructive)) probes['mcp-destructive-tool'] = mode === 'auto' ? 'allow' : 'ask';
    const at: Location = raw !== undefined && doc ? file.yamlLocation(doc.contents, ['GOOSE_MODE']) : file.at(1);
    const autonomous = mode === 'auto' && (shell || servers.some((s) => s.destructive));
    if (autonomous) {
      const reach = [shell ? 'runs shell commands' : '', servers.some((s) => s.destructive) ? `calls ${servers.filter((s) => s.destructive).map((s) => s.name).join(', ')}` : ''].filter(Boolean).join(' and ');
      report('agent/goose-autonomous', at, {
        message:
          raw === undefined
            ? `goose's config sets no GOOSE_MODE, and goose then runs in auto mode: it ${reach} without asking anyone. Set GOOSE_MODE: smart_approve or approve.`
            : `GOOSE_MODE: auto makes goose run every tool call without asking: it ${reach} unreviewed. Set GOOSE_MODE: smart_approve or approve.`,
        // The shell's GOOSE_MODE, unseen here, wins over the file.
        confidence: raw === undefined ? 'medium' : 'high',
        properties: { tool: 'goose', mode, modeSet: raw !== undefined },
      });
    }
    fact({
      ...workspaceSurface('goose', probes, at, 'user', servers, autonomous ? 'agent/goose-autonomous' : undefined),
      id: `goose:${file.root}:${file.path}`,
      shell,
    });
  },
});
