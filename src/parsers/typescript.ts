// TypeScript and JavaScript through ts-morph, loaded only when a scan meets a file that imports an
// agent SDK: ts-morph brings the TypeScript compiler, which costs hundreds of milliseconds to load.
// Files are parsed in one in-memory project, with no type checking and no module resolution.

import type * as TsMorph from 'ts-morph';
import { nestsDeeperThan } from './depth.js';

export type TsMorphModule = typeof TsMorph;

let loaded: Promise<TsMorphModule> | undefined;

export interface ParsedSource {
  morph: TsMorphModule;
  source: TsMorph.SourceFile;
  /** Drops the file from the shared project; call it once the file has been read. */
  release(): void;
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

let project: TsMorph.Project | undefined;
let parsed = 0;

/**
 * Parses one file into a project shared by every parse (creating a project costs more than
 * parsing most files); each file gets a name of its own, so parses may overlap, and leaves the
 * project when released.
 */
export async function parseTypeScript(path: string, text: string): Promise<ParsedSource> {
  loaded ??= import('ts-morph');
  const morph = await loaded;
  project ??= new morph.Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true, noResolve: true },
  });
  const shared = project;
  const name = /\.[cm]?[jt]sx?$/.test(path) ? path.replace(/^\/+/, '') : `${path}.ts`;
  const source = shared.createSourceFile(`/${++parsed}/${name}`, text, { overwrite: true });
  return { morph, source, release: () => shared.removeSourceFile(source) };
}
