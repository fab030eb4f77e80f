// The engine's vocabulary: rules, findings, locations and the detector contract. Detectors,
// reports and the CLI all speak these types; nothing here knows any particular rule.

import type { SourceFile } from './source-file.js';
import type { Fact, ScopeVerdict } from './facts.js';
import type { BlastRadiusConfig } from './config.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** How often a rule is right when it fires (SARIF `properties.precision`). */
export type Precision = 'very-high' | 'high' | 'medium' | 'low';
/** How sure this one finding is. */
export type Confidence = 'high' | 'medium' | 'low';

/** Which scanned root a path is relative to: the repository, or the audited home directory. */
export type RootKind = 'repo' | 'home';

export type FileKind = 'env' | 'yaml' | 'json' | 'toml' | 'hcl' | 'ini' | 'shell' | 'ts' | 'text';

/** A place in a scanned file. Lines and columns are 1-based; end positions are inclusive-exclusive like SARIF. */
export interface Location {
  root: RootKind;
  /** POSIX path relative to the root. */
  path: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface RelatedLocation {
  location: Location;
  message: string;
}

export interface RuleMeta {
  id: string;
  title: string;
  severity: Severity;
  precision: Precision;
  /** Markdown: what it means, why it matters, how to fix it. */
  help: string;
  tags?: string[];
}

/** What a detector says about one finding; the engine turns it into a Finding. */
export interface ReportInput {
  message: string;
  confidence?: Confidence;
  /** Overrides the rule's default severity (for example a token's scope verdict decides it). */
  severity?: Severity;
  related?: RelatedLocation[];
  /** For chain findings: the path drawn in order (SARIF codeFlows, numbered steps in text). */
  steps?: RelatedLocation[];
  /**
   * Secret values this finding touches. They never reach any output: the engine scrubs every
   * string it emits of them. Give each whole value, not a redacted one.
   */
  secrets?: string[];
  /** Stable identity of the finding within its file (survives lines moving); defaults to the line's text. */
  key?: string;
  /** Extra machine-readable data carried into JSON and SARIF `properties`. Never a secret. */
  properties?: Record<string, unknown>;
  /**
   * The configuration suppresses this finding (a variable listed in `tokens.safe-variables`): it is
   * counted and listed as suppressed, never dropped. The text says which setting.
   */
  suppressedBy?: string;
  /** A credential an online check (`--verify`) may settle; ignored unless the scan was given a verifier. */
  verify?: VerifyRequest;
}

export type { ScopeVerdict };

/** A found credential handed to `--verify`. The value never leaves the verifier. */
export interface VerifyRequest {
  provider: string;
  tokenKind: string;
  value: string;
}

/** What an online check learned: a new verdict and severity when it settled one, and a sentence for the message. */
export interface VerifyOutcome {
  scope?: ScopeVerdict;
  severity?: Severity;
  note: string;
  properties?: Record<string, unknown>;
}

/** Undefined when the verifier does not know this provider. */
export type Verifier = (request: VerifyRequest) => Promise<VerifyOutcome | undefined>;

export interface Finding {
  ruleId: string;
  severity: Severity;
  confidence: Confidence;
  message: string;
  location: Location;
  related: RelatedLocation[];
  steps?: RelatedLocation[];
  /** Engine fingerprint, stable when unrelated lines are inserted or removed. */
  fingerprint: string;
  /** GitHub's `primaryLocationLineHash` of the primary line. */
  lineHash?: string;
  /**
   * For a finding about a secret: the salted hash of its value, so the same token found twice (in
   * the tree and in git history) is told apart from a different one. Never the value; not printed.
   */
  valueKey?: string;
  properties?: Record<string, unknown>;
  /** Set when the finding was suppressed; suppressed findings are counted but not reported. */
  suppressed?: { kind: 'inline' | 'config' | 'baseline'; reason?: string };
}

export interface Notification {
  level: 'error' | 'warning' | 'note';
  /** Short stable id, e.g. `parse-error`, `read-error`, `skipped-template`. */
  id: string;
  message: string;
  location?: Location;
}

/** What a detector can do while it checks one file. */
export interface FileContext {
  file: SourceFile;
  report(ruleId: string, location: Location, input: ReportInput): void;
  fact(fact: Fact): void;
  notify(notification: Notification): void;
  config: BlastRadiusConfig;
}

/** What a detector can do once per scan, with every file in view (for layered or joined configs). */
export interface ProjectContext {
  /** Scanned files whose path matches one of the globs (`~/` prefix selects the home root). */
  files(globs: string | readonly string[]): SourceFile[];
  /** The scanned file at this root and path, if it was walked. */
  file(root: RootKind, path: string): SourceFile | undefined;
  report(ruleId: string, location: Location, input: ReportInput): void;
  fact(fact: Fact): void;
  notify(notification: Notification): void;
  /** Whether a home directory is part of this scan. */
  home: boolean;
  config: BlastRadiusConfig;
}

/** The chain stage's view: every fact from every detector, after they all ran. */
export interface CorrelationContext {
  facts: readonly Fact[];
  report(ruleId: string, location: Location, input: ReportInput): void;
  notify(notification: Notification): void;
  file(root: RootKind, path: string): SourceFile | undefined;
}

export interface Detector {
  id: string;
  rules: Record<string, Omit<RuleMeta, 'id'>>;
  /**
   * Globs of files this detector checks one at a time with `check` (picomatch, matched against
   * the root-relative path with `dot: true`; prefix with `~/` for files in the home root; `**`
   * alone means every text file).
   */
  files?: readonly string[];
  /**
   * Globs of files `checkProject` reads through `ctx.files()`; only these are kept in memory
   * after their own check, so list every file the project check needs.
   */
  projectFiles?: readonly string[];
  /**
   * Of the files `projectFiles` names, the ones `checkProject` can use (a content test). Only
   * those are kept, so memory follows what the project check reads, not the size of the tree.
   */
  keeps?(file: SourceFile): boolean;
  /** Optional cheap filter on top of `files`, e.g. a content test. */
  accepts?(file: SourceFile): boolean;
  /**
   * Whole-file tests the detector asks through `file.matches(re)` (no `g` or `y` flag). On a large
   * tree the engine runs them on the read-ahead thread, beside reading, so the main thread only
   * looks the answers up.
   */
  hints?: readonly RegExp[];
  check?(ctx: FileContext): void | Promise<void>;
  /** Runs once after every `check`, for detectors that read several files together. */
  checkProject?(ctx: ProjectContext): void | Promise<void>;
  /** Runs in the correlation stage, after every detector's checks. Only chain detectors use it. */
  correlate?(ctx: CorrelationContext): void;
}

/** Identity helper that keeps detector literals typed; fills nothing in, validates the ids. */
export function defineDetector(detector: Detector): Detector {
  for (const id of Object.keys(detector.rules)) {
    if (!/^[a-z]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) {
      throw new Error(`rule id "${id}" must be <family>/<kebab-name>`);
    }
  }
  return detector;
}

export interface ScanStats {
  filesScanned: number;
  bytesScanned: number;
  skipped: Record<string, number>;
  /** Folders skipped by their name (at most 200 listed; `skipped["skipped-folder"]` counts them all). */
  skippedFolders: { path: string; reason: 'version-control' | 'dependencies' | 'build-output' | 'cache' }[];
  suppressed: { inline: number; config: number; baseline: number };
  durationMs: number;
}

export interface ScanResult {
  root: string;
  home?: string;
  rules: RuleMeta[];
  findings: Finding[];
  suppressed: Finding[];
  notifications: Notification[];
  facts: Fact[];
  stats: ScanStats;
}
