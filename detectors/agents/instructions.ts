// Instruction files (AGENTS.md, CLAUDE.md, GEMINI.md, Cursor and Copilot rules …) that tell the
// agent to run destructive commands or to skip confirmation. Advisory: models mostly follow them,
// but they remove no technical gate, so findings are low or medium. Negated guidance ("never
// delete anything without asking") is the opposite and stays silent.

import { defineDetector } from '../../src/engine/types.js';

// "Don't wait until you're stuck" or "never ask clarifying questions" gives no licence: the
// sentence must name what is not waited for (confirmation, permission, approval, the user).
const SKIP_CONFIRMATION = /\b(?:never|don'?t|do not|no need to)\s+(?:ask|wait|prompt)\s+(?:(?:me|the user|anyone|for|on|to)\s+)*(?:confirmations?|permissions?|approvals?|the user|me|before\b|first\b)|\bno need to ask\b|\bwithout\s+(?:asking|confirmation|approval|permission|prompting)|\bskip\s+(?:all\s+)?(?:confirmations?|approvals?|permission prompts?)|--dangerously-skip-permissions|--yolo\b|bypassPermissions/i;
const DESTRUCTIVE_ORDER = /\b(?:terraform\s+(?:apply|destroy)\s+[^\n]*-auto-approve|railway\s+(?:volume\s+delete|down)|kubectl\s+delete|drop\s+(?:the\s+)?(?:database|table)|rm\s+-rf|git\s+push\s+(?:--force(?!-with-lease)|-f)\b|prisma\s+migrate\s+reset|db:reset|--accept-data-loss)/i;
const NEGATION = /\b(?:never|don'?t|do not|must not|mustn'?t|should not|shouldn'?t|avoid|forbidden|prohibited|only\s+(?:after|with)|always\s+ask|ask\s+(?:first|before)|unless)\b/i;

/** The destructive command a line orders, unless the line forbids it ("never run rm -rf"). */
export function destructiveOrder(line: string): string | undefined {
  const order = DESTRUCTIVE_ORDER.exec(line);
  return order && !NEGATION.test(line) ? order[0] : undefined;
}

export function riskyInstruction(line: string): 'skip-confirmation' | 'destructive-order' | undefined {
  const skip = SKIP_CONFIRMATION.exec(line);
  if (skip) {
    // "never ... without asking" / "do not run X without approval" forbid, not permit.
    const before = line.slice(0, skip.index);
    const isForbid = /\bwithout\b/i.test(skip[0]) ? NEGATION.test(before) : /\b(?:unless|except)\b/i.test(line);
    if (!isForbid) return 'skip-confirmation';
  }
  return destructiveOrder(line) ? 'destructive-order' : undefined;
}

export default defineDetector({
  id: 'agents/instructions',
  files: ['**/AGENTS.md', '**/CLAUDE.md', '**/CLAUDE.local.md', '**/GEMINI.md', '.cursorrules', '.cursor/rules/*.mdc', '.cursor/rules/*.md', '.github/copilot-instructions.md', '.github/instructions/*.md', '.windsurfrules', '.windsurf/rules/*.md', '.clinerules', '.clinerules/*.md', '.roorules', '.roo/rules/**', '.roo/rules-*/**', '~/.claude/CLAUDE.md', '~/.gemini/GEMINI.md', '~/.codex/AGENTS.md', '~/.codeium/windsurf/memories/global_rules.md'],
  rules: {
    'agent/instructions-skip-confirmation': {
      title: 'Agent instructions tell the agent to act without asking',
      severity: 'medium',
      precision: 'medium',
      help: [
        'An instruction file the agent reads on every run (AGENTS.md, CLAUDE.md, GEMINI.md, Cursor, Copilot, Windsurf or Cline rules) tells it not to ask for confirmation, or to run destructive commands (`terraform apply -auto-approve`, `kubectl delete`, `rm -rf`, `DROP DATABASE`, `git push --force`) on its own. Instructions are advisory, not a gate, but models follow them, and they turn a confused agent into a fast one.',
        '',
        '**Fix:** replace it with the opposite rule ("ask before any command that deletes, drops, destroys or force-pushes"), and enforce it in the tool\'s own settings (deny or ask rules), which the model cannot talk its way around.',
      ].join('\n'),
    },
  },
  check({ file, report }) {
    let inCode = false;
    const lines = file.text.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (/^\s*```/.test(line)) inCode = !inCode;
      const kind = riskyInstruction(line);
      if (!kind || (inCode && kind === 'destructive-order')) return;
      const text = line.trim().replace(/^[-*>#\s]+/, '').slice(0, 120);
      report('agent/instructions-skip-confirmation', file.at(i + 1, line.search(/\S/) + 1), {
        message: kind === 'skip-confirmation'
          ? `The agent instructions say "${text}": the agent is told to act without a human confirming. Replace it with "ask before anything that deletes, drops or destroys" and enforce that in the tool's deny or ask rules.`
          : `The agent instructions order a destructive command ("${text}"). Ask for confirmation before it instead, and gate it in the tool's settings.`,
        severity: kind === 'skip-confirmation' ? 'medium' : 'low',
        confidence: 'medium',
      });
    });
  },
});
