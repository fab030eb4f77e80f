// Dotfiles layouts: chezmoi source names, Stow packages, yadm and bare homes, `home/` folders,
// template blanking; and ordinary repositories left alone.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankTemplate, detectDotfiles } from '../../src/engine/dotfiles.js';
import { writeTree } from '../support/files.js';

/** A tree in a folder named `name` (layouts are told apart by the folder's name too). */
const tree = (name: string, files: Record<string, string>): string => join(writeTree('dotfiles-', Object.fromEntries(Object.entries(files).map(([path, text]) => [`${name}/${path}`, text]))), name);

describe('dotfiles layouts', () => {
  it('chezmoi: attribute prefixes in their order, dot_, literal_, .tmpl, .literal, encrypted and scripts', () => {
    const d = detectDotfiles(tree('src', { '.chezmoiignore': '', 'dot_zshrc': '' }));
    expect(d?.layouts).toEqual(['chezmoi']);
    expect(d?.map('private_dot_claude/settings.json')).toEqual({ home: '.claude/settings.json', template: false });
    expect(d?.map('exact_private_dot_config/gh/private_readonly_hosts.yml.tmpl')).toEqual({ home: '.config/gh/hosts.yml', template: true });
    expect(d?.map('dot_codex/create_private_config.toml')).toEqual({ home: '.codex/config.toml', template: false });
    expect(d?.map('literal_dot_x/file.tmpl.literal')).toEqual({ home: 'dot_x/file.tmpl', template: false });
    // Out of order, the later prefix is part of the name (chezmoi's own parsing).
    expect(d?.map('dot_private_claude/settings.json')).toEqual({ home: '.private_claude/settings.json', template: false });
    expect(d?.map('encrypted_private_dot_netrc.age')).toEqual({ skip: 'encrypted' });
    expect(d?.map('private_dot_ssh/id_ed25519.asc')).toEqual({ skip: 'encrypted' });
    expect(d?.map('run_once_install.sh')).toEqual({ skip: 'chezmoi-script' });
    expect(d?.map('dot_claude/modify_settings.json')).toEqual({ skip: 'chezmoi-script' });
    expect(d?.map('remove_dot_old/x')).toBeUndefined();
    // chezmoi ignores names starting with a dot: a project's own .claude is not a target.
    expect(d?.map('.claude/settings.json')).toBeUndefined();
  });

  it('chezmoi: .chezmoiroot moves the source root; a root outside the tree is refused', () => {
    const d = detectDotfiles(tree('dots', { '.chezmoiroot': 'home\n', 'home/dot_gemini/settings.json': '{}' }));
    expect(d?.map('home/dot_gemini/settings.json')).toEqual({ home: '.gemini/settings.json', template: false });
    expect(d?.map('dot_gemini/settings.json')).toBeUndefined();
    const escape = detectDotfiles(tree('dots', { '.chezmoiroot': '../../etc\n', 'dot_zshrc': '' }));
    expect(escape?.map('dot_zshrc')).toEqual({ home: '.zshrc', template: false });
  });

  it('GNU Stow packages, with --dotfiles names', () => {
    const d = detectDotfiles(tree('anything', { '.stowrc': '', 'claude/.claude/settings.json': '{}', 'git/dot-gitconfig': '', 'README.md': '' }));
    expect(d?.layouts).toContain('stow');
    expect(d?.map('claude/.claude/settings.json')).toEqual({ home: '.claude/settings.json', template: false });
    expect(d?.map('git/dot-gitconfig')).toEqual({ home: '.gitconfig', template: false });
    expect(d?.map('README.md')).toBeUndefined();
  });

  it('yadm and bare homes at the root, with alternates and templates', () => {
    const d = detectDotfiles(tree('home', { '.zshrc': '', '.gitconfig': '', '.claude/settings.json##os.Darwin': '{}', '.config/gh/hosts.yml##template': '' }));
    expect(d?.layouts).toEqual(['yadm']);
    expect(d?.map('.claude/settings.json##os.Darwin')).toEqual({ home: '.claude/settings.json', template: false });
    expect(d?.map('.config/gh/hosts.yml##template')).toEqual({ home: '.config/gh/hosts.yml', template: true });
    expect(d?.map('.github/workflows/ci.yml')).toBeUndefined();
    const bare = detectDotfiles(tree('cfg', { '.bashrc': '', '.vimrc': '', '.codex/config.toml': '' }));
    expect(bare?.layouts).toEqual(['bare']);
    expect(bare?.map('.codex/config.toml')).toEqual({ home: '.codex/config.toml', template: false });
  });

  it('home/ and config/ folders in a repository named as dotfiles', () => {
    const d = detectDotfiles(tree('dotfiles', { 'home/.claude/settings.json': '{}', 'config/opencode/opencode.json': '{}' }));
    expect(d?.layouts).toContain('home-dir');
    expect(d?.map('home/.claude/settings.json')).toEqual({ home: '.claude/settings.json', template: false });
    expect(d?.map('config/opencode/opencode.json')).toEqual({ home: '.config/opencode/opencode.json', template: false });
  });

  it('an ordinary project is not a dotfiles repository', () => {
    expect(detectDotfiles(tree('shop', { '.claude/settings.json': '{}', 'packages/api/.claude/settings.json': '{}', 'src/index.ts': '', '.github/workflows/ci.yml': '', '.gitignore': '' }))).toBeUndefined();
    expect(detectDotfiles(tree('api', { 'home/index.html': '', 'config/app.yml': '', '.env': '' }))).toBeUndefined();
    // A folder of clones side by side: each has its own .claude/ and .github/, and none is a Stow package.
    expect(detectDotfiles(tree('code', { 'web/.claude/settings.json': '{}', 'web/.github/workflows/ci.yml': '', 'web/package.json': '{}', 'api/.claude/settings.json': '{}', 'api/.git/HEAD': '', 'api/go.mod': '' }))).toBeUndefined();
  });
});

describe('template blanking', () => {
  it('blanks actions without moving lines or columns, in linear time', () => {
    const text = '{\n  "token": "{{ onepasswordRead "op://x/y" }}",\n  {{- if .work }}\n  "a": 1{% raw %}\n}';
    const blank = blankTemplate(text);
    expect(blank.length).toBe(text.length);
    expect(blank.split('\n').map((l) => l.length)).toEqual(text.split('\n').map((l) => l.length));
    expect(blank).not.toContain('{{');
    expect(blank).toContain('"a": 1');
    const started = performance.now();
    blankTemplate('{{ x }} '.repeat(200_000));
    blankTemplate(`{{${'x'.repeat(1_000_000)}`);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
