// The Action's annotations; its job summary is the Markdown report (src/report/markdown.ts).
// GitHub shows at most 10 error, 10 warning and 10 notice annotations per step, so they are capped.

import type { Finding } from '../engine/types.js';

export { summaryMarkdown, type SummaryOptions } from '../report/markdown.js';

export const ANNOTATIONS_PER_LEVEL = 10;

interface Annotator {
  error(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
}

interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

const levelOf = (f: Finding): keyof Annotator => (f.severity === 'critical' || f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'notice');

/** One annotation per finding in the repository, the most severe first, at most 10 per level. */
export function annotate(findings: readonly Finding[], to: Annotator): number {
  const used = { error: 0, warning: 0, notice: 0 };
  let n = 0;
  for (const f of findings) {
    if (f.location.root !== 'repo') continue;
    const level = levelOf(f);
    if (used[level] >= ANNOTATIONS_PER_LEVEL) continue;
    used[level]++;
    n++;
    to[level](f.message, { title: `${f.ruleId} (${f.severity})`, file: f.location.path, startLine: f.location.line, startColumn: f.location.column });
  }
  return n;
}

