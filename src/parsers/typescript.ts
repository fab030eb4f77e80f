// TypeScript and JavaScript through ts-morph, loaded only when a scan meets a file that imports an
// agent SDK: ts-morph brings the TypeScript compiler, which costs hundreds of milliseconds to load.
// Each file is parsed in an in-memory project of its own, with no type checking and no module resolution.

import type * as TsMorph from 'ts-morph';
import { nestsDeeperThan } from './depth.js';

export type TsMorphModule = typeof TsMorph;

let loaded: Promise<TsMorphModule> | undefined;

export interface ParsedSource {
  morph: TsMorphModule;
  source: TsMorph.SourceFile;
}

/**
 * Whether TypeScript's parser can be trusted with this text in reasonable time. Its look-ahead for
 * arrow functions is exponential on unclosed nested parentheses (`async ({a: async ({a: …` twenty
 * deep takes seconds, twenty-five takes minutes), which broken or hostile files can hold, so
 * unbalanced text nested ten deep, or any text nested forty deep, is refused; so is anything nested
 * deeper than MAX_NESTING in any bracket.
 */
export function safeToParse(text: string): boolean {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 41 && depth > 0) depth--;
  }
  // Brackets and braces nested thousands deep overflow the parser's and ts-morph's recursion.
  return max < 40 && (depth === 0 || max < 10) && !nestsDeeperThan(text);
}

/**
 * Parses one file into a project of its own (an in-memory project costs under a millisecond).
 * Nothing is removed afterwards: dropping a file from a shared project makes ts-morph walk every
 * node it wrapped and re-read the comments around each, which a mangled file (an unterminated
 * string over 160 KB) turned into seconds; a project of one file is simply left to the collector.
 */
export async function parseTypeScript(path: string, text: string): Promise<ParsedSource> {
  loaded ??= import('ts-morph');
  const morph = await loaded;
  const project = new morph.Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true, noResolve: true },
  });
  const name = /\.[cm]?[jt]sx?$/.test(path) ? path.replace(/^\/+/, '') : `${path}.ts`;
  return { morph, source: project.createSourceFile(`/${name}`, text) };
}
