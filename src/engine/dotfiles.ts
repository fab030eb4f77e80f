// A dotfiles repository is a home directory written down: chezmoi source state (`dot_claude/`,
// `private_dot_config/`, `.tmpl` templates, `.chezmoiroot`), GNU Stow packages
// (`<package>/.claude/settings.json`), yadm and bare repositories (files at their home paths, yadm
// alternates `##os.Linux`), and `home/` or `config/` folders. This module recognises the layout
// from the root's own names and maps each repository path to the home path it installs to, so
// the scan can judge those files by the home rules (user-level agent settings, CLI credential
// stores) while reporting them at their real path.
//
// chezmoi's names follow its source-state attributes (twpayne/chezmoi internal/chezmoi/attr.go):
// directories drop `remove_` `external_` `exact_` `private_` `readonly_`, files `create_`
// `encrypted_` `private_` `readonly_` `empty_` `executable_`, in that order; then `dot_` becomes a
// leading `.` or `literal_` stops parsing; `.tmpl` marks a template, `.literal` stops suffixes.
// chezmoi ignores names starting with `.` (other than its own `.chezmoi*` files).

import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readPlainFile } from './plain-file.js';

export type DotfilesLayout = 'chezmoi' | 'stow' | 'yadm' | 'bare' | 'home-dir';

export interface HomeMapping {
  /** Path relative to the home directory, `/`-separated (`.claude/settings.json`). */
  home: string;
  /** A template (chezmoi `.tmpl`, yadm `##template`): its actions are blanked before parsing. */
  template: boolean;
}

/** Why a file of a dotfiles layout is not read at its home path. */
export type DotfilesSkip = 'encrypted' | 'chezmoi-script';

export interface Dotfiles {
  layouts: DotfilesLayout[];
  /** The home path a repository file installs to, a reason it is not read, or undefined. */
  map(path: string): HomeMapping | { skip: DotfilesSkip } | undefined;
}

/** Names a home directory has at its top and a project rarely does. */
const HOME_ENTRIES = new Set([
  '.bashrc', '.bash_profile', '.zshrc', '.zprofile', '.zshenv', '.profile', '.inputrc', '.vimrc', '.tmux.conf', '.gitconfig', '.config', '.local', '.ssh',
  '.claude', '.claude.json', '.codex', '.gemini', '.cursor', '.aws', '.npmrc', '.netrc', '.docker', '.kube', '.gnupg', '.pgpass', '.wezterm.lua', '.hammerspoon',
]);
/** Shell and editor start-up files: two of them at the root make it a home directory. */
const RC_FILES = new Set(['.bashrc', '.bash_profile', '.zshrc', '.zprofile', '.zshenv', '.profile', '.inputrc', '.vimrc', '.tmux.conf', '.gitconfig']);
/** A folder named as people name their dotfiles checkout (`dotfiles`, `.dotfiles`, `dots`, `owner__dotfiles`). */
const DOTFILES_NAME = /(^|[_.-])(dot-?files?|dots|dotconfigs?|homedir|home-?config)([_.-]|$)/i;
const MAX_TOP_DIRS = 200;
const MAX_LIST = 2000;

function list(dir: string): string[] {
  try {
    return readdirSync(dir).slice(0, MAX_LIST);
  } catch {
    return [];
  }
}

const isDir = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Whether a folder's entries look like the top of a home directory. */
const homeShaped = (names: readonly string[]): number => names.filter((n) => HOME_ENTRIES.has(n.replace(/##.*$/, '')) || /^dot-(config|claude|codex|gemini|local|zshrc|bashrc)$/.test(n)).length;

/** A chezmoi directory name's target, or undefined for one that installs nothing (`remove_`). */
function chezmoiDir(name: string): string | undefined {
  let n = name;
  if (n.startsWith('remove_')) return undefined;
  for (const p of ['external_', 'exact_', 'private_', 'readonly_']) if (n.startsWith(p)) n = n.slice(p.length);
  if (n.startsWith('dot_')) return `.${n.slice(4)}`;
  if (n.startsWith('literal_')) return n.slice(8);
  return n;
}

/** A chezmoi file name's target and whether it is a template; a skip for scripts and encrypted files. */
function chezmoiFile(name: string): { name: string; template: boolean } | { skip: DotfilesSkip } | undefined {
  let n = name;
  if (/^(run_|remove_|symlink_)/.test(n)) return n.startsWith('run_') ? { skip: 'chezmoi-script' } : undefined;
  if (n.startsWith('modify_')) return { skip: 'chezmoi-script' };
  if (n.startsWith('create_')) n = n.slice(7);
  let encrypted = false;
  if (n.startsWith('encrypted_')) {
    encrypted = true;
    n = n.slice(10);
  }
  for (const p of ['private_', 'readonly_', 'empty_', 'executable_']) if (n.startsWith(p)) n = n.slice(p.length);
  if (n.startsWith('dot_')) n = `.${n.slice(4)}`;
  else if (n.startsWith('literal_')) n = n.slice(8);
  if (encrypted || /\.(age|asc)$/.test(n)) return { skip: 'encrypted' };
  if (n.endsWith('.literal')) return { name: n.slice(0, -8), template: false };
  if (n.endsWith('.tmpl')) return { name: n.slice(0, -5), template: true };
  return { name: n, template: false };
}

/** yadm alternates: `settings.json##os.Darwin,t` installs to `settings.json`; a `template`/`t` condition marks a template. */
function yadmName(name: string): { name: string; template: boolean } {
  const at = name.indexOf('##');
  if (at < 0) return { name, template: false };
  const conditions = name.slice(at + 2).split(',');
  return { name: name.slice(0, at), template: conditions.some((c) => /^(template|t)(\.|$)/.test(c)) };
}

/** Maps a chezmoi source path (below its source root) to its target. */
function chezmoiPath(rel: string): HomeMapping | { skip: DotfilesSkip } | undefined {
  const parts = rel.split('/');
  // chezmoi ignores what starts with a dot, its own `.chezmoi*` files included (they are not targets).
  if (parts.some((p) => p.startsWith('.'))) return undefined;
  const dirs: string[] = [];
  for (const p of parts.slice(0, -1)) {
    const d = chezmoiDir(p);
    if (d === undefined) return undefined;
    dirs.push(d);
  }
  const file = chezmoiFile(parts[parts.length - 1] as string);
  if (!file || 'skip' in file) return file;
  return { home: [...dirs, file.name].join('/'), template: file.template };
}

/** Maps a path already written at its home location (bare, yadm, a stow package, `home/`). */
function homePath(rel: string): HomeMapping | undefined {
  const parts = rel.split('/');
  if (!(parts[0] ?? '').startsWith('.') && !(parts[0] ?? '').startsWith('dot-')) return undefined;
  if (/^\.(git|github|gitignore|gitmodules|gitattributes|yadm)$/.test(parts[0] as string)) return undefined;
  let template = false;
  const mapped = parts.map((p, i) => {
    const y = yadmName(p);
    template ||= y.template;
    // GNU Stow's --dotfiles option installs `dot-config` as `.config`.
    return i === 0 || p.startsWith('dot-') ? y.name.replace(/^dot-/, '.') : y.name;
  });
  return { home: mapped.join('/'), template };
}

/** Recognises a dotfiles layout at `root`, or undefined for an ordinary repository. */
/** Files and folders of a project's own root, never of a home directory a Stow package installs. */
const PROJECT_MARKERS = new Set(['.git', '.github', '.gitlab-ci.yml', 'package.json', 'go.mod', 'Cargo.toml', 'pyproject.toml', 'composer.json', 'pom.xml', 'build.gradle', 'Gemfile']);

export function detectDotfiles(root: string): Dotfiles | undefined {
  const top = list(root);
  const named = DOTFILES_NAME.test(basename(root));
  const layouts: DotfilesLayout[] = [];

  // chezmoi: its own files, or names only its source state has.
  let chezmoiRoot: string | undefined;
  if (top.includes('.chezmoiroot')) {
    try {
      const dir = readPlainFile(join(root, '.chezmoiroot'), '.chezmoiroot', { noSymlink: true, max: 4096 }).trim().replace(/^\.\/|\/$/g, '');
      if (dir && !dir.split('/').includes('..') && !dir.startsWith('/')) chezmoiRoot = dir;
    } catch {
      chezmoiRoot = undefined;
    }
  }
  const chezmoiNames = (names: readonly string[]): boolean => names.some((n) => n.startsWith('.chezmoi') || /^((exact|private|readonly|external|encrypted|executable|create|modify)_)*dot_[\w.-]+$/.test(n));
  const isChezmoi = chezmoiRoot !== undefined || chezmoiNames(top);
  if (isChezmoi) layouts.push('chezmoi');

  // yadm: its folder, or alternates (`name##os.Linux`) at the root or one folder down.
  const dotDirs = top.filter((n) => n.startsWith('.') && n !== '.git').slice(0, 50);
  const yadm = top.includes('.yadm') || (top.includes('.config') && list(join(root, '.config')).includes('yadm')) || top.some((n) => n.includes('##')) || dotDirs.some((d) => list(join(root, d)).some((n) => n.includes('##')));
  const rcAtRoot = top.filter((n) => RC_FILES.has(n.replace(/##.*$/, ''))).length;
  const bare = !isChezmoi && (yadm || rcAtRoot >= 2 || (named && homeShaped(top) >= 1));
  if (yadm && !isChezmoi) layouts.push('yadm');
  else if (bare) layouts.push('bare');

  // Stow packages: top-level folders holding home entries.
  const stowMarker = top.includes('.stowrc') || top.includes('.stow-local-ignore');
  const packages = new Set<string>();
  if (!isChezmoi) {
    for (const name of top.filter((n) => !n.startsWith('.') && n !== 'home' && n !== 'config').slice(0, MAX_TOP_DIRS)) {
      if (!isDir(join(root, name))) continue;
      const inner = list(join(root, name));
      // With a Stow marker every top-level folder is a package; without one, a folder that is a
      // project of its own (a clone beside others in a workspace folder) is not.
      if (stowMarker || inner.includes('.stow-local-ignore') || (homeShaped(inner) >= 1 && !inner.some((n) => PROJECT_MARKERS.has(n)))) packages.add(name);
    }
  }
  const stow = packages.size > 0 && (stowMarker || packages.size >= 2 || named || [...packages].some((p) => list(join(root, p)).includes('.stow-local-ignore')));
  if (stow) layouts.push('stow');

  // `home/` (and `config/` for `~/.config`) folders in a repository that is otherwise home-shaped or named so.
  const homeDir = !isChezmoi && top.includes('home') && isDir(join(root, 'home')) && homeShaped(list(join(root, 'home'))) >= (named || stow || bare ? 1 : 2);
  const configDir = !isChezmoi && top.includes('config') && (named || stow || bare || homeDir) && isDir(join(root, 'config'));
  if (homeDir || configDir) layouts.push('home-dir');
  if (layouts.length === 0) return undefined;

  return {
    layouts,
    map(path: string) {
      if (isChezmoi) {
        if (chezmoiRoot === undefined) return chezmoiPath(path);
        return path.startsWith(`${chezmoiRoot}/`) ? chezmoiPath(path.slice(chezmoiRoot.length + 1)) : undefined;
      }
      const [first, ...rest] = path.split('/');
      if (rest.length === 0) return bare ? homePath(path) : undefined;
      if (homeDir && first === 'home') return homePath(rest.join('/'));
      if (configDir && first === 'config') return homePath(`.config/${rest.join('/')}`);
      if (stow && packages.has(first as string)) return homePath(rest.join('/'));
      return bare ? homePath(path) : undefined;
    },
  };
}

/**
 * A template's text with its actions (`{{ … }}`, and yadm's `{% … %}` and `{# … #}`) blanked:
 * every character of an action but its line breaks becomes a space, so lines and columns stay.
 * One pass with indexOf; an action left open runs to the end of the text.
 */
export function blankTemplate(text: string): string {
  const opener = /\{\{|\{%|\{#/g;
  let out = '';
  let at = 0;
  for (;;) {
    opener.lastIndex = at;
    const found = opener.exec(text);
    if (!found) return out + text.slice(at);
    const start = found.index;
    const closer = text[start + 1] === '{' ? '}}' : text[start + 1] === '%' ? '%}' : '#}';
    const end = text.indexOf(closer, start + 2);
    const stop = end < 0 ? text.length : end + 2;
    out += text.slice(at, start) + text.slice(start, stop).replace(/[^\n]/g, ' ');
    at = stop;
  }
}
