// Agent CLIs started from scripts with their approval gate removed (agent-configs.md §2, §3):
// shell scripts, Makefiles, package.json scripts, Dockerfiles, Procfiles, crontabs and shell
// start-up files (aliases and functions in ~/.zshrc, fish config) that run
// `claude --dangerously-skip-permissions`, `codex --yolo`, `gemini --yolo`, `cursor-agent --force`,
// `amp --dangerously-allow-all`, `opencode run --auto` or `q chat --trust-all-tools`. Whoever runs
// the script hands the agent every command on their machine, with their credentials. CI
// workflows are read by agents/ci-agents, which adds the job's triggers and secrets.

import type { ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import { defineDetector } from '../../src/engine/types.js';
import { shellCommands } from '../../src/parsers/shell.js';
import { cliBypass, RUN_BYPASS } from './ci-agents.js';
import { SHELL_PROBES, workspaceSurface } from './probes.js';

/**
 * Shell start-up files in a home directory (and at their home paths in a dotfiles repository):
 * an alias or function there (`alias c='claude --dangerously-skip-permissions'`) starts the agent
 * ungated every time its name is typed.
 */
const SHELL_RC = [
  '~/.bashrc', '~/.bash_profile', '~/.bash_aliases', '~/.bashrc.*', '~/.profile', '~/.aliases', '~/.zshrc', '~/.zshrc.*', '~/.zprofile', '~/.zshenv', '~/.zsh_aliases',
  '~/.config/zsh/*', '~/.config/fish/config.fish', '~/.config/fish/conf.d/*.fish', '~/.config/fish/functions/*.fish', '~/.config/shell/*',
];
const FILES = ['**/*.sh', '**/*.bash', '**/*.zsh', '**/Makefile', '**/makefile', '**/justfile', '**/package.json', '**/crontab', '**/*.cron', '**/Dockerfile', '**/Procfile', 'bin/*', 'scripts/*', ...SHELL_RC];
const ANY_FLAG = new RegExp(RUN_BYPASS.map((r) => r.flag.source).join('|'));
/** A plain-text test first: most scripts name no agent, and then no regex needs compiling. */
const AGENT_NAMES = ['claude', 'codex', 'gemini', 'cursor-agent', 'opencode', 'kiro-cli', 'amp ', 'q chat'];

/**
 * The command a line runs, without what wraps it: a package.json `"name": "…"` pair, a
 * Dockerfile instruction, Make's `@`/`-` prefixes, variable assignments and `npx`. The agent must
 * be the command itself: `echo "never pass --yolo to gemini"` is not a run.
 */
function command(text: string): string {
  let line = text.replace(/^"[^"]*"\s*:\s*"/, '').replace(/^(?:RUN|CMD|ENTRYPOINT)\s+/, '');
  // An alias runs its value: `alias c='claude …'` (sh), `alias c 'claude …'` and `abbr -a c claude …` (fish).
  const alias = /^(?:alias\s+(?:--\s+)?[\w.:+-]+(?:=|\s+)|abbr\s+(?:-a\s+|--add\s+)?(?:-g\s+)?[\w.:+-]+\s+)(['"]?)(.*)$/.exec(line.trim());
  if (alias) line = alias[1] && alias[2]?.endsWith(alias[1]) ? alias[2].slice(0, -1) : (alias[2] ?? '');
  // A Dockerfile's exec form, ["gemini", "--yolo", "-p", "…"], is a JSON array of words.
  if (line.startsWith('[')) {
    try {
      const words: unknown = JSON.parse(line);
      if (Array.isArray(words)) line = words.map(String).join(' ');
    } catch {
      // Not JSON after all: matched as written.
    }
  }
  return line
    .replace(/^[\s@+-]+/, '')
    .replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/, '')
    .replace(/^(?:npx|pnpm\s+dlx|bunx)\s+(?:-y\s+|--yes\s+)?(?:@[\w.-]+\/)?/, '');
}

export default defineDetector({
  id: 'agents/script-agents',
  files: FILES,
  rules: {
    'agent/script-agent-ungated': {
      title: 'A script runs a coding agent with its approval gate removed',
      severity: 'high',
      precision: 'high',
      help: [
        'A shell script, Makefile target, npm script, Dockerfile, crontab or shell start-up file (an alias or function in `~/.zshrc`, `~/.bashrc`, fish config) runs an agent CLI with the flag that turns its approvals off: `claude --dangerously-skip-permissions` (or `--permission-mode bypassPermissions`, `--allowedTools Bash`), `codex --yolo`, `gemini --yolo`, `cursor-agent --force`, `amp --dangerously-allow-all`, `opencode run --auto`, `q chat --trust-all-tools`. Whoever runs it gives the agent every command on that machine, with the credentials in its shell and home directory.',
        '',
        '**Fix:** drop the flag and allow only the commands the task needs (`--allowedTools "Bash(npm test)"`, a Codex sandbox, `--trust-tools fs_read`), or run the script only inside a disposable container without production credentials.',
      ].join('\n'),
    },
  },
  check({ file, report, fact }) {
    if (!AGENT_NAMES.some((name) => file.text.includes(name)) || !ANY_FLAG.test(file.text)) return;
    for (const cmd of shellCommands(file.text)) {
      const run = command(cmd.text);
      const agent = cliBypass(run, true);
      if (!agent) continue;
      const tool = agent.tool.replace(/^ci:/, '');
      const text = file.lines.lineText(cmd.line);
      const at = file.at(cmd.line, text.search(/\S/) + 1);
      report('agent/script-agent-ungated', at, {
        message: `${file.path} runs ${tool} without an approval gate (${agent.why}): the agent runs commands it decides on without asking, with the credentials of whoever runs this. Drop the flag and allow only the commands the task needs, or run it in a disposable container.`,
        key: `${tool}:${cmd.line}`,
        properties: { tool, why: agent.why },
      });
      const probes: Partial<Record<ProbeId, ProbeOutcome>> = Object.fromEntries(SHELL_PROBES.map((p) => [p.id, 'allow']));
      fact({ ...workspaceSurface(`script:${tool}`, probes, at, 'script', [], 'agent/script-agent-ungated'), id: `script:${file.path}:${cmd.line}` });
    }
  },
});
