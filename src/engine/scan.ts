// The pipeline of product.md §7: walk, classify, parse once, run detectors, correlate facts,
// suppress, then hand finished findings to a report. The engine knows no rule: the caller passes
// the detector registry in.

import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { classify, isExampleCode, isTestCode } from './classify.js';
import { nodeCrypto } from './crypto.js';
import { anyGlob, candidateLists, globPath, type PathTest } from './globs.js';
import { defaultConfig, ruleSettingFor, type BlastRadiusConfig } from './config.js';
import type { Fact } from './facts.js';
import { lineHashes } from './line-hash.js';
import { compareText } from './order.js';
import { scrub, scrubDeep } from './redact.js';
import { SourceFile } from './source-file.js';
import { suggestion } from './did-you-mean.js';
import { inlineSuppression, unknownMarkerRules } from './suppress.js';
import { asResult, MAX_HINTS, readTree, type ReadAheadOptions, type ReadResult, type TreeFile } from './read-ahead.js';
import { decodeHead, decodeText, readFile, readsAsText } from './read-file.js';
import { blankTemplate, detectDotfiles, type HomeMapping } from './dotfiles.js';
import { countInto, walkPatterns, type SkippedFolder, type WalkEntry } from './walk.js';
import {
  SEVERITIES,
  type Detector,
  type Finding,
  type Location,
  type Notification,
  type ReportInput,
  type RootKind,
  type RuleMeta,
  type ScanResult,
  type Verifier,
  type VerifyOutcome,
} from './types.js';

export interface ScanOptions {
  root: string;
  /** Home directory to audit as well (`--home`). */
  home?: string;
  detectors: readonly Detector[];
  config?: BlastRadiusConfig;
  /** Fingerprints to hide (from a baseline file). */
  baseline?: ReadonlySet<string>;
  /** Called as files are checked, for a progress indicator. */
  onProgress?: (done: number, total: number) => void;
  /** When and how a second thread reads files ahead of the detectors. */
  readAhead?: ReadAheadOptions;
  /** Online checks for found credentials (`--verify`); without it the scan opens no socket. */
  verify?: Verifier;
  /** Facts found elsewhere (credentials in git history) for the chain stage to join with this tree's. */
  extraFacts?: readonly Fact[];
}

const HOME_PREFIX = '~/';

interface CompiledDetector {
  detector: Detector;
  repo?: PathTest;
  home?: PathTest;
}

/** A detector's globs for the repository, and for the home directory (without their `~/`). */
function splitGlobs(globs: readonly string[] | undefined): { repo: string[]; home: string[] } {
  return {
    repo: (globs ?? []).filter((g) => !g.startsWith(HOME_PREFIX)),
    home: (globs ?? []).filter((g) => g.startsWith(HOME_PREFIX)).map((g) => g.slice(HOME_PREFIX.length)),
  };
}

function compileGlobs(globs: readonly string[] | undefined): { repo?: PathTest; home?: PathTest } {
  const { repo, home } = splitGlobs(globs);
  return {
    ...(repo.length ? { repo: anyGlob(repo) } : {}),
    ...(home.length ? { home: anyGlob(home) } : {}),
  };
}

export function allRules(detectors: readonly Detector[]): RuleMeta[] {
  const rules: RuleMeta[] = [];
  const seen = new Set<string>();
  for (const d of detectors) {
    for (const [id, meta] of Object.entries(d.rules)) {
      if (seen.has(id)) throw new Error(`rule ${id} is declared twice`);
      seen.add(id);
      rules.push({ id, ...meta });
    }
  }
  return rules.sort((a, b) => compareText(a.id, b.id));
}

/**
 * A salted hash of the secret a finding is about (as detect-secrets keys its baselines): another
 * value at the same file and variable is another finding, so a baseline or `new-only` never hides
 * a new live token behind an old entry. The salt keeps the hash out of precomputed tables.
 */
function secretKey(secrets: readonly string[] | undefined): string {
  const value = secrets?.[0];
  return value ? nodeCrypto().createHmac('sha256', 'blast-radius fingerprint salt v1').update(value).digest('hex').slice(0, 32) : '';
}

/** Files holding it are read for suppression comments naming rules that do not exist. */
const IGNORE_MARKER = /blast-radius-ignore/;

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  const config = options.config ?? defaultConfig();
  const root = resolve(options.root);
  const home = options.home ? resolve(options.home) : undefined;
  const rules = allRules(options.detectors);
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const knownRules = new Set(ruleById.keys());
  const compiled: CompiledDetector[] = options.detectors.map((detector) => ({ detector, ...compileGlobs(detector.files) }));
  const keepers = options.detectors.filter((d) => d.projectFiles?.length).map((d) => ({ detector: d, ...compileGlobs(d.projectFiles), fed: false }));
  const hints = [...new Set([IGNORE_MARKER, ...options.detectors.flatMap((d) => d.hints ?? [])])].slice(0, MAX_HINTS);
  for (const re of hints) if (re.global || re.sticky) throw new Error(`hint /${re.source.slice(0, 40)}/${re.flags} must not be global or sticky`);

  const notifications: Notification[] = [];
  const facts: Fact[] = [];
  const raw: { ruleId: string; location: Location; input: ReportInput }[] = [];
  const secrets = new Set<string>();
  const retained = new Map<string, SourceFile>();
  const skipped: Record<string, number> = {};
  let filesScanned = 0;
  let bytesScanned = 0;

  // A notification said twice in the same words (one per file of a Helm chart, say) is kept once.
  const said = new Set<string>();
  const notify = (n: Notification): void => {
    const key = `${n.id}\u0000${n.message}`;
    if (said.has(key)) return;
    said.add(key);
    notifications.push(n);
  };
  const report = (ruleId: string, location: Location, input: ReportInput): void => {
    if (!ruleById.has(ruleId)) throw new Error(`detector reported undeclared rule ${ruleId}`);
    for (const s of input.secrets ?? []) if (s) secrets.add(s);
    raw.push({ ruleId, location, input });
  };
  const fact = (f: Fact): void => {
    facts.push(f);
  };

  const count = countInto(skipped);
  const skippedFolders: SkippedFolder[] = [];
  // The home directory's known stores are few and listed first, so the progress total is right
  // for them; the repository is walked as it is read.
  let homeFiles: WalkEntry[] = [];
  if (home) {
    const homePatterns = options.detectors.flatMap((d) => splitGlobs([...(d.files ?? []), ...(d.projectFiles ?? [])]).home);
    if (homePatterns.length > 0) homeFiles = await walkPatterns(home, [...new Set(homePatterns)], count);
  }
  const sources: { root: RootKind; files: AsyncIterable<TreeFile> }[] = [
    { root: 'repo', files: readTree(root, { ...options.readAhead, ignore: config.ignore, include: config.include, folders: skippedFolders, maxFileSize: config.maxFileSize, hints, count }) },
    { root: 'home', files: readListed(homeFiles, config.maxFileSize) },
  ];

  // A dotfiles repository is a home directory: its files at their home paths are judged by the
  // home rules (when no real home is scanned alongside), and reported at their real paths.
  const dotfiles = home ? undefined : detectDotfiles(root);
  /** Home path → repository path, for the files of a dotfiles layout read at their home paths. */
  const installed = new Map<string, string>();
  /** Further files for a home path already taken (yadm alternates `##os.Linux`, `##os.Darwin`): judged one by one after the scan. */
  const alternates: { home: SourceFile; repoPath: string }[] = [];
  // Which detectors' globs may match a file, looked up by its name instead of testing them all.
  // The lists are each detector's `files`, then each keeper's `projectFiles`: one lookup per file.
  const split = [...options.detectors.map((d) => splitGlobs(d.files)), ...keepers.map((k) => splitGlobs(k.detector.projectFiles))];
  const candidates = { repo: candidateLists(split.map((g) => g.repo)), home: candidateLists(split.map((g) => g.home)) };
  const runDetectors = async (rootKind: RootKind, file: SourceFile): Promise<void> => {
    const matchPath = globPath(file.path);
    let kept = false;
    // Ascending: every check runs before any keeper looks at the file.
    for (const i of candidates[rootKind](matchPath)) {
      if (i >= compiled.length) {
        const k = keepers[i - compiled.length] as (typeof keepers)[number];
        if ((rootKind === 'repo' ? k.repo : k.home)?.(matchPath) && (!k.detector.keeps || k.detector.keeps(file))) kept = k.fed = true;
        continue;
      }
      const c = compiled[i] as CompiledDetector;
      const match = rootKind === 'repo' ? c.repo : c.home;
      if (!match?.(matchPath) || !c.detector.check) continue;
      if (c.detector.accepts && !c.detector.accepts(file)) continue;
      const pending = runGuarded(c.detector.id, file.path, notify, () => c.detector.check?.({ file, report, fact, notify, config }));
      if (pending) await pending;
    }
    if (kept) retained.set(`${rootKind}:${file.path}`, file);
  };
  const readsHome = (path: string): boolean => compiled.some((c) => c.home?.(globPath(path))) || keepers.some((k) => k.home?.(globPath(path)));

  let done = 0;
  let repoFound = 0;
  for (const { root: rootKind, files } of sources) {
    for await (const { entry, read, found } of files) {
      if (rootKind === 'repo') repoFound = found;
      const mapped = rootKind === 'repo' ? dotfiles?.map(entry.path) : undefined;
      if (mapped && 'skip' in mapped && mapped.skip === 'encrypted') {
        done++;
        count('encrypted');
        continue;
      }
      const file = sourceOf(rootKind, entry, read, hints, notify, count);
      done++;
      options.onProgress?.(done, repoFound + homeFiles.length);
      if (!file) continue;
      filesScanned++;
      bytesScanned += 'bytes' in read ? read.bytes.length : 0;
      if (mapped && 'skip' in mapped) count(mapped.skip);
      if (file.matches(IGNORE_MARKER)) {
        for (const [line, name] of unknownMarkerRules(file.text, knownRules))
          notify({ level: 'warning', id: 'unknown-rule-in-suppression', message: `${file.path}:${line}: blast-radius-ignore names "${name}", which is no rule${suggestion(name, knownRules)}; it suppresses nothing`, location: { root: rootKind, path: file.path, line, column: 1 } });
      }
      if (mapped && 'home' in mapped && readsHome(mapped.home)) {
        // A template that does not parse once blanked is a counted skip: it is not read as written either.
        const home = installedFile(file, mapped, notify, count);
        if (home && installed.has(mapped.home)) alternates.push({ home, repoPath: entry.path });
        else if (home) {
          installed.set(mapped.home, entry.path);
          await runDetectors('home', home);
        }
        if (home || mapped.template) continue;
      }
      await runDetectors(rootKind, file);
    }
  }

  const fileAt = (r: RootKind, path: string): SourceFile | undefined => retained.get(`${r}:${path}`);
  const retainedList = [...retained.values()];
  // A project check reads only the files its projectFiles name: when the tree kept none, it has
  // nothing to look at and is not run.
  const fed = new Set(keepers.filter((k) => k.fed).map((k) => k.detector));
  for (const d of options.detectors) {
    if (!d.checkProject || (d.projectFiles?.length && !fed.has(d))) continue;
    await runGuarded(d.id, '(project)', notify, () =>
      d.checkProject?.({
        files: (globs) => selectFiles(retainedList, typeof globs === 'string' ? [globs] : globs),
        file: fileAt,
        report,
        fact,
        notify,
        home: home !== undefined,
        config,
      }),
    );
  }
  // Each alternate in turn stands in for the home file it installs as, with the rest of the scan
  // as it was: the findings located in it are kept, at its own path. Its facts join no chain.
  for (const { home: alt, repoPath } of alternates) {
    const round: typeof raw = [];
    const roundReport = (ruleId: string, location: Location, input: ReportInput): void => {
      if (location.root !== 'home' || location.path !== alt.path) return;
      // report() checks the rule and records the secrets; its entry then moves to this round.
      report(ruleId, location, input);
      round.push(raw.pop() as (typeof raw)[number]);
    };
    const roundFacts = (): void => undefined;
    const matchPath = globPath(alt.path);
    for (const c of compiled) {
      if (!c.home?.(matchPath) || !c.detector.check || (c.detector.accepts && !c.detector.accepts(alt))) continue;
      await runGuarded(c.detector.id, repoPath, notify, () => c.detector.check?.({ file: alt, report: roundReport, fact: roundFacts, notify, config }));
    }
    const roundRetained = new Map(retained).set(`home:${alt.path}`, alt);
    const roundList = [...roundRetained.values()];
    for (const k of keepers) {
      if (!k.home?.(matchPath) || !k.detector.checkProject) continue;
      const d = k.detector;
      await runGuarded(d.id, repoPath, notify, () =>
        d.checkProject?.({ files: (globs) => selectFiles(roundList, typeof globs === 'string' ? [globs] : globs), file: (r, p) => roundRetained.get(`${r}:${p}`), report: roundReport, fact: roundFacts, notify, home: false, config }),
      );
    }
    relocateInstalled(round, [], new Map([[alt.path, repoPath]]));
    raw.push(...round);
  }
  if (options.verify) await verifyCredentials(raw, facts, options.verify, notify);
  if (options.extraFacts) facts.push(...options.extraFacts);
  for (const d of options.detectors) {
    if (!d.correlate) continue;
    await runGuarded(d.id, '(correlation)', notify, () => d.correlate?.({ facts, report, file: fileAt, notify }));
  }

  if (installed.size > 0) relocateInstalled(raw, notifications, installed);
  const secretList = [...secrets].sort((a, b) => b.length - a.length);
  const texts = new TextCache(root, home, retained);
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const occurrences = new Map<string, number>();
  const counts = { inline: 0, config: 0, baseline: 0 };

  for (const { ruleId, location, input } of raw) {
    const rule = ruleById.get(ruleId) as RuleMeta;
    const setting = ruleSettingFor(config, ruleId);
    const text = await texts.get(location.root, location.path);
    const lineText = text?.lines[location.line - 1] ?? '';
    const key = scrub(input.key ?? lineText.replace(/\s+/g, ' ').trim(), secretList);
    const identity = `${ruleId}\u0000${location.root}\u0000${location.path}\u0000${key}`;
    const nth = (occurrences.get(identity) ?? 0) + 1;
    occurrences.set(identity, nth);
    // Test and example code, one policy for every family: tests at low, examples at medium at most.
    const place = location.root === 'repo' ? (isTestCode(location.path) ? 'test' : isExampleCode(location.path) ? 'example' : undefined) : undefined;
    const natural = input.severity ?? rule.severity;
    const placed = place === 'test' ? 'low' : place === 'example' && severityRank(natural) < severityRank('medium') ? 'medium' : natural;
    const finding: Finding = scrubDeep(
      {
        ruleId,
        severity: setting?.severity ?? placed,
        confidence: place === 'test' ? 'low' : (input.confidence ?? 'high'),
        message: place === undefined || /\b(test|example) code\b/.test(input.message) ? input.message : `${input.message} (${place === 'test' ? 'In test code, which rarely runs against real systems: reported low.' : 'In example code, which people copy as it is: reported at medium at most.'})`,
        location,
        related: input.related ?? [],
        ...(input.steps ? { steps: input.steps } : {}),
        fingerprint: nodeCrypto().createHash('sha256').update(`${identity}\u0000${nth}\u0000${secretKey(input.secrets)}`).digest('hex').slice(0, 32),
        ...(text ? { lineHash: text.hashes()[location.line - 1] } : {}),
        ...(input.secrets?.[0] ? { valueKey: secretKey(input.secrets) } : {}),
        ...(input.properties ? { properties: input.properties } : {}),
      },
      secretList,
    );
    const inline = text ? inlineSuppression(text.lines, location.line, ruleId) : undefined;
    if (setting && !setting.enabled) finding.suppressed = { kind: 'config', reason: `rules: ${ruleId} is off` };
    else if (input.suppressedBy) finding.suppressed = { kind: 'config', reason: input.suppressedBy };
    else if (inline !== undefined) finding.suppressed = { kind: 'inline', ...(inline ? { reason: inline } : {}) };
    else if (options.baseline?.has(finding.fingerprint)) finding.suppressed = { kind: 'baseline' };
    if (finding.suppressed) {
      counts[finding.suppressed.kind]++;
      suppressed.push(finding);
    } else findings.push(finding);
  }

  findings.sort(compareFindings);
  return {
    root,
    ...(home ? { home } : {}),
    rules,
    findings,
    suppressed: suppressed.sort(compareFindings),
    notifications: scrubDeep(notifications, secretList),
    facts: scrubDeep(facts, secretList),
    stats: {
      filesScanned,
      bytesScanned,
      skipped: Object.fromEntries(Object.entries(skipped).sort(([a], [b]) => compareText(a, b))),
      skippedFolders: skippedFolders.sort((a, b) => compareText(a.path, b.path)),
      suppressed: counts,
      durationMs: Date.now() - started,
    },
  };
}

/**
 * Runs the verifier once per distinct credential value and folds what it learned into the finding
 * (severity, a sentence in the message, `properties.verified`) and into the credential fact the
 * chain stage will read, so a verified-narrow token no longer makes a chain.
 */
async function verifyCredentials(
  raw: { ruleId: string; location: Location; input: ReportInput }[],
  facts: Fact[],
  verify: Verifier,
  notify: (n: Notification) => void,
): Promise<void> {
  const outcomes = new Map<string, Promise<VerifyOutcome | undefined>>();
  for (const item of raw) {
    const request = item.input.verify;
    if (!request) continue;
    let pending = outcomes.get(request.value);
    if (!pending) {
      pending = verify(request).catch((e: unknown) => {
        const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
        notify({ level: 'warning', id: 'verify-error', message: `could not verify the ${request.provider} credential: ${why}`, location: item.location });
        return undefined;
      });
      outcomes.set(request.value, pending);
    }
    const outcome = await pending;
    if (!outcome) continue;
    const { input } = item;
    input.message = `${input.message} Verified online: ${outcome.note}`;
    if (outcome.severity) input.severity = outcome.severity;
    input.properties = { ...input.properties, ...(outcome.scope ? { scope: outcome.scope } : {}), verified: outcome.properties ?? {} };
    if (!outcome.scope) continue;
    for (const f of facts) {
      if (f.kind === 'credential' && f.ruleId === item.ruleId && sameLocation(f.location, item.location)) {
        f.scope = outcome.scope;
        f.reason = `verified online: ${outcome.note}`;
      }
    }
  }
}

const sameLocation = (a: Location, b: Location): boolean => a.root === b.root && a.path === b.path && a.line === b.line && a.column === b.column;

/** Files already listed (the home directory's), read on this thread. */
async function* readListed(entries: readonly WalkEntry[], maxFileSize: number): AsyncGenerator<TreeFile> {
  for (const entry of entries) {
    yield { entry, read: asResult(readFile(entry.absPath, maxFileSize)), found: entries.length };
  }
}

function selectFiles(files: SourceFile[], globs: readonly string[]): SourceFile[] {
  const { repo, home } = compileGlobs(globs);
  return files.filter((f) => (f.root === 'repo' ? repo : home)?.(globPath(f.path)));
}


/** The file as the detectors see it, or undefined (counted and, when unreadable, notified). */
function sourceOf(
  root: RootKind,
  entry: WalkEntry,
  read: ReadResult,
  hints: readonly RegExp[],
  notify: (n: Notification) => void,
  skip: (reason: string) => void,
): SourceFile | undefined {
  if ('error' in read) {
    skip('unreadable');
    notify({ level: 'warning', id: 'read-error', message: `${entry.path}: cannot read (${read.error})`, location: { root, path: entry.path, line: 1, column: 1 } });
    return undefined;
  }
  if ('skipped' in read) {
    skip(read.skipped);
    return undefined;
  }
  const { bytes } = read;
  // Hints are answered only for bytes that read as text: a file with answers was sniffed already.
  if (read.hints === undefined && !readsAsText(bytes)) {
    // A NUL byte near the start hides a dotenv file from text scanners, not from an agent's `cat`.
    if (classify(entry.path, '') !== 'env') {
      skip('binary');
      return undefined;
    }
    notify({ level: 'note', id: 'nul-bytes', message: `${entry.path}: holds NUL bytes; read as text with them blanked`, location: { root, path: entry.path, line: 1, column: 1 } });
    const blanked = Buffer.from(bytes).toString('utf8').replace(/\0/g, ' ');
    return new SourceFile(root, entry.path, entry.absPath, classify(entry.path, blanked.slice(0, 1024)), blanked, notify);
  }
  // Decoded only when a detector reads it: hints answered on the bytes rule most files out.
  let text: string | undefined;
  const decoded = (): string => (text ??= decodeText(bytes) as string);
  // A file whose name tells nothing is known by its first characters, decoded on their own.
  const kind = classify(entry.path, () => (text === undefined ? (decodeHead(bytes, 1024) as string) : text.slice(0, 1024)));
  const known = read.hints === undefined ? undefined : { hints, bits: read.hints };
  return new SourceFile(root, entry.path, entry.absPath, kind, decoded, notify, known);
}

/**
 * A dotfiles file as the file it installs: at its home path, with a template's actions blanked.
 * A template that does not parse once blanked is a counted skip with a note, never a crash.
 */
function installedFile(file: SourceFile, mapped: HomeMapping, notify: (n: Notification) => void, skip: (reason: string) => void): SourceFile | undefined {
  const text = mapped.template ? blankTemplate(file.text) : file.text;
  const kind = classify(mapped.home, text.slice(0, 1024));
  const installed = new SourceFile('home', mapped.home, file.absPath, kind, text, notify);
  // The parse check of a template says nothing itself: an unparseable one is the note below.
  if (mapped.template && !parsesAsItsKind(new SourceFile('home', mapped.home, file.absPath, kind, text, () => undefined))) {
    skip('template-unparseable');
    notify({ level: 'note', id: 'template-unparseable', message: `${file.path}: a template that does not parse once its actions are blanked; not judged as ~/${mapped.home}`, location: { root: 'repo', path: file.path, line: 1, column: 1 } });
    return undefined;
  }
  return installed;
}

function parsesAsItsKind(file: SourceFile): boolean {
  if (/\.jsonc?$/i.test(file.path)) return file.json().errors.length === 0;
  if (/\.toml$/i.test(file.path)) return file.toml().error === undefined;
  if (/\.ya?ml$/i.test(file.path)) return file.yaml().docs.every((d) => (d as { errors?: unknown[] }).errors?.length === 0);
  return true;
}

/** Findings and notes about dotfiles read at their home paths, moved back to the files' real paths. */
function relocateInstalled(raw: { location: Location; input: ReportInput }[], notifications: Notification[], installed: ReadonlyMap<string, string>): void {
  const move = (l: Location): Location => {
    const path = l.root === 'home' ? installed.get(l.path) : undefined;
    return path === undefined ? l : { ...l, root: 'repo', path };
  };
  for (const r of raw) {
    const homePath = r.location.root === 'home' ? r.location.path : undefined;
    r.location = move(r.location);
    if (r.input.related) r.input = { ...r.input, related: r.input.related.map((x) => ({ ...x, location: move(x.location) })) };
    if (r.input.steps) r.input = { ...r.input, steps: r.input.steps.map((x) => ({ ...x, location: move(x.location) })) };
    if (homePath !== undefined && installed.has(homePath)) r.input = { ...r.input, message: `${r.input.message} (${r.location.path} installs to ~/${homePath}.)` };
  }
  for (const n of notifications) if (n.location) n.location = move(n.location);
}

/**
 * Runs a detector's step, turning a throw (or a rejection) into a notification. A step that
 * returns no promise is not awaited: most checks are synchronous, and a scan runs them hundreds of
 * thousands of times.
 */
function runGuarded(detector: string, where: string, notify: (n: Notification) => void, run: () => unknown): Promise<void> | undefined {
  const failed = (e: unknown): void => {
    const message = e instanceof Error ? e.message : String(e);
    notify({ level: 'error', id: 'detector-error', message: `${detector} failed on ${where}: ${message.split('\n')[0]}` });
  };
  try {
    const result = run();
    if (result instanceof Promise) return result.then(() => undefined, failed);
  } catch (e) {
    failed(e);
  }
  return undefined;
}

const severityRank = (s: string): number => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);

/** Chains first, then by severity, path, line, column and rule. */
export function compareFindings(a: Finding, b: Finding): number {
  const chainA = a.ruleId.startsWith('chain/') ? 0 : 1;
  const chainB = b.ruleId.startsWith('chain/') ? 0 : 1;
  return (
    chainA - chainB ||
    severityRank(a.severity) - severityRank(b.severity) ||
    (a.location.root === b.location.root ? 0 : a.location.root === 'repo' ? -1 : 1) ||
    compareText(a.location.path, b.location.path) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareText(a.ruleId, b.ruleId)
  );
}

/** Lines and GitHub line hashes of files that findings point at, read at most once each. */
class TextCache {
  private cache = new Map<string, { lines: string[]; hashes: () => string[] } | undefined>();

  constructor(
    private readonly root: string,
    private readonly home: string | undefined,
    private readonly retained: Map<string, SourceFile>,
  ) {}

  async get(root: RootKind, path: string): Promise<{ lines: string[]; hashes: () => string[] } | undefined> {
    const id = `${root}:${path}`;
    if (this.cache.has(id)) return this.cache.get(id);
    let text = this.retained.get(id)?.text;
    if (text === undefined) {
      const base = root === 'repo' ? this.root : this.home;
      if (base) {
        try {
          text = decodeText(await fs.readFile(resolve(base, path)));
        } catch {
          text = undefined;
        }
      }
    }
    let hashes: string[] | undefined;
    const value = text === undefined ? undefined : { lines: text.split(/\r?\n/), hashes: () => (hashes ??= lineHashes(text)) };
    this.cache.set(id, value);
    return value;
  }
}
