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
