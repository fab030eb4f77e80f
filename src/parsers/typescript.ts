// TypeScript and JavaScript through ts-morph, loaded only when a scan meets a file that imports an
// agent SDK: ts-morph brings the TypeScript compiler, which costs hundreds of milliseconds to load.
// Each file is parsed alone in an in-memory project, with no type checking and no module resolution.

import type * as TsMorph from 'ts-morph';

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
 * unbalanced text nested ten deep, or any text nested forty deep, is refused.
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
  return max < 40 && (depth === 0 || max < 10);
}

export async function parseTypeScript(path: string, text: string): Promise<ParsedSource> {
  loaded ??= import('ts-morph');
  const morph = await loaded;
  const project = new morph.Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true, noResolve: true },
  });
  const name = /\.[cm]?[jt]sx?$/.test(path) ? path.replace(/^\/+/, '') : `${path}.ts`;
  return { morph, source: project.createSourceFile(name, text, { overwrite: true }) };
}
