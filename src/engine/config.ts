// `.blast-radius.yml`: ignored paths, rules disabled or re-graded, token settings, file size cap.
// A config that cannot be read or does not fit this shape is a usage error (exit 2), never ignored.

import { suggestion } from './did-you-mean.js';
import { linearRegex } from './linear-regex.js';
import { PlainFileError, readPlainFile } from './plain-file.js';
import { parse } from 'yaml';
import { SEVERITIES, type Severity } from './types.js';

export interface ExtraTokenPattern {
  id: string;
  provider: string;
  regex: string;
  scope?: 'BROAD' | 'PROJECT-DESTRUCTIVE' | 'NARROW' | 'UNKNOWN';
}

export interface BlastRadiusConfig {
  ignore: string[];
  /** Folders skipped by name (build output, dependencies) to scan all the same. */
  include: string[];
  rules: Record<string, { enabled: boolean; severity?: Severity }>;
  tokens: { safeVariables: string[]; patterns: ExtraTokenPattern[] };
  maxFileSize: number;
  /** `blast-radius guard`: command prefixes and MCP tool names the team accepts at run time. */
  guard: { allow: string[] };
}

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;
/** No config lifts the file size cap above this: one file's text is held whole while it is checked. */
export const MAX_FILE_SIZE_BOUND = 16 * 1024 * 1024;

export function defaultConfig(): BlastRadiusConfig {
  return { ignore: [], include: [], rules: {}, tokens: { safeVariables: [], patterns: [] }, maxFileSize: DEFAULT_MAX_FILE_SIZE, guard: { allow: [] } };
}

export class ConfigError extends Error {}

/**
 * Reads and validates a config file. `inRepository`: the file was found in the scanned tree (a
 * pull request controls it), so a symbolic link is refused as well.
 */
export function loadConfig(path: string, inRepository = false): BlastRadiusConfig {
  let text: string;
  try {
    text = readPlainFile(path, 'config', { noSymlink: inRepository });
  } catch (e) {
    throw new ConfigError(e instanceof PlainFileError ? e.message : `cannot read config ${path}`);
  }
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 }) ?? {};
  } catch (e) {
    throw new ConfigError(`cannot parse config ${path}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  return parseConfig(raw, path);
}

export function parseConfig(raw: unknown, source = 'config'): BlastRadiusConfig {
  const config = defaultConfig();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${source}: expected a mapping at the top level`);
  const obj = raw as Record<string, unknown>;
  const keys = ['ignore', 'include', 'rules', 'tokens', 'max-file-size', 'guard'];
  for (const key of Object.keys(obj)) {
    if (!keys.includes(key)) throw new ConfigError(`${source}: unknown key "${key}"${suggestion(key, keys)}`);
  }
  if (obj.ignore !== undefined) config.ignore = stringList(obj.ignore, `${source}: ignore`);
  if (obj.include !== undefined) config.include = stringList(obj.include, `${source}: include`);
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null || Array.isArray(obj.rules)) throw new ConfigError(`${source}: rules must be a mapping of rule id to off or a severity`);
    for (const [id, v] of Object.entries(obj.rules as Record<string, unknown>)) config.rules[id] = ruleSetting(v, `${source}: rules.${id}`);
  }
  if (obj.tokens !== undefined) {
    const t = obj.tokens as Record<string, unknown>;
    if (typeof t !== 'object' || t === null || Array.isArray(t)) throw new ConfigError(`${source}: tokens must be a mapping`);
    for (const key of Object.keys(t)) if (key !== 'safe-variables' && key !== 'patterns') throw new ConfigError(`${source}: unknown key "tokens.${key}"${suggestion(key, ['safe-variables', 'patterns'])}`);
    if (t['safe-variables'] !== undefined) config.tokens.safeVariables = stringList(t['safe-variables'], `${source}: tokens.safe-variables`);
    if (t.patterns !== undefined) {
      if (!Array.isArray(t.patterns)) throw new ConfigError(`${source}: tokens.patterns must be a list`);
      config.tokens.patterns = t.patterns.map((p, i) => extraPattern(p, `${source}: tokens.patterns[${i}]`));
    }
  }
  if (obj.guard !== undefined) {
    const g = obj.guard as Record<string, unknown>;
    if (typeof g !== 'object' || g === null || Array.isArray(g)) throw new ConfigError(`${source}: guard must be a mapping`);
    for (const key of Object.keys(g)) if (key !== 'allow') throw new ConfigError(`${source}: unknown key "guard.${key}"${suggestion(key, ['allow'])}`);
    if (g.allow !== undefined) config.guard.allow = stringList(g.allow, `${source}: guard.allow`);
  }
  // A repository may lower the cap, or raise it up to the bound the scan's memory is planned for.
  if (obj['max-file-size'] !== undefined) config.maxFileSize = Math.min(size(obj['max-file-size'], `${source}: max-file-size`), MAX_FILE_SIZE_BOUND);
  return config;
}

function stringList(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new ConfigError(`${where} must be a list of strings`);
  return v as string[];
}

function ruleSetting(v: unknown, where: string): { enabled: boolean; severity?: Severity } {
  if (v === false || v === 'off' || v === 'disabled') return { enabled: false };
  if (v === true || v === 'on') return { enabled: true };
  if (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v)) return { enabled: true, severity: v as Severity };
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const enabled = o.enabled !== false;
    if (o.severity !== undefined && !(SEVERITIES as readonly unknown[]).includes(o.severity)) throw new ConfigError(`${where}.severity must be one of ${SEVERITIES.join(', ')}`);
    return o.severity === undefined ? { enabled } : { enabled, severity: o.severity as Severity };
  }
  throw new ConfigError(`${where} must be off or one of ${SEVERITIES.join(', ')}`);
}

function extraPattern(v: unknown, where: string): ExtraTokenPattern {
  const o = v as Record<string, unknown>;
  if (!o || typeof o.id !== 'string' || typeof o.provider !== 'string' || typeof o.regex !== 'string') throw new ConfigError(`${where} needs id, provider and regex`);
  if (!linearRegex(o.regex)) throw new ConfigError(`${where}.regex is not a regular expression RE2 runs (no backreferences or lookaround)`);
  const scope = o.scope as ExtraTokenPattern['scope'];
  if (scope !== undefined && !['BROAD', 'PROJECT-DESTRUCTIVE', 'NARROW', 'UNKNOWN'].includes(scope)) throw new ConfigError(`${where}.scope must be BROAD, PROJECT-DESTRUCTIVE, NARROW or UNKNOWN`);
  return { id: o.id, provider: o.provider, regex: o.regex, ...(scope ? { scope } : {}) };
}

/**
 * Checks `rules:` against the rules that exist: each key is a rule id or a family (`agent/*`, or
 * `agent`). An unknown one is a ConfigError naming it, with the nearest id.
 */
export function checkRuleIds(config: BlastRadiusConfig, ruleIds: readonly string[], source = 'config'): void {
  const families = new Set(ruleIds.map((id) => id.slice(0, id.indexOf('/'))));
  for (const key of Object.keys(config.rules)) {
    const family = key.endsWith('/*') ? key.slice(0, -2) : key.includes('/') ? undefined : key;
    if (ruleIds.includes(key) || (family !== undefined && families.has(family))) continue;
    throw new ConfigError(`${source}: rules.${key} names no rule or family${suggestion(key, [...ruleIds, ...[...families].map((f) => `${f}/*`)])}; "blast-radius rules" lists them`);
  }
}

/** The setting for a rule: its own, else its family's (`agent/*` or `agent`). */
export function ruleSettingFor(config: BlastRadiusConfig, ruleId: string): BlastRadiusConfig['rules'][string] | undefined {
  const family = ruleId.slice(0, ruleId.indexOf('/'));
  return config.rules[ruleId] ?? config.rules[`${family}/*`] ?? config.rules[family];
}

/** Accepts a byte count or a string such as `512KB`, `2MB`, `1 MiB`. */
export function size(v: unknown, where: string): number {
  if (typeof v === 'number' && v > 0) return Math.floor(v);
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?\s*$/i.exec(v) : null;
  if (!m) throw new ConfigError(`${where} must be a size such as 1048576, 512KB or 2MB`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
}
