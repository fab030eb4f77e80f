// SARIF 2.1.0 as product.md §5 specifies, in the shape GitHub code scanning ingests: one run,
// every rule with descriptions, help, tags, precision and security-severity; locations relative
// to %SRCROOT% (or HOME for --home files); GitHub's primaryLocationLineHash; chains as codeFlows;
// read and parse problems as tool execution notifications. The only module that builds SARIF.

import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding, Location, RelatedLocation, RuleMeta, ScanResult } from '../engine/types.js';
import { anchorOf } from './rules-markdown.js';
import { SARIF_LEVEL, SECURITY_SEVERITY } from './severity.js';

export interface SarifOptions {
  toolVersion: string;
  /** `runAutomationDetails.id`; GitHub uses it as the analysis category. Default `blast-radius/`. */
  category?: string;
  informationUri?: string;
  /** Absolute URI of the scanned root when it is not a local directory (an organisation scan's repository). */
  sourceRootUri?: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/blast-radius/blast-radius';

const baseId = (root: Location['root']): string => (root === 'home' ? 'HOME' : '%SRCROOT%');

/** `token/railway-account-token` → `TokenRailwayAccountToken` (SARIF `rule.name` is an identifier). */
function ruleName(id: string): string {
  return id
    .split(/[/-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function uri(path: string): string {
  return path
    .split('/')
    .map((p) => encodeURIComponent(p))
    .join('/');
}

function physical(loc: Location): Sarif.PhysicalLocation {
  const region: Sarif.Region = { startLine: loc.line, startColumn: loc.column };
  if (loc.endLine !== undefined && loc.endColumn !== undefined && (loc.endLine > loc.line || loc.endColumn > loc.column)) {
    region.endLine = loc.endLine;
    region.endColumn = loc.endColumn;
  }
  return { artifactLocation: { uri: uri(loc.path), uriBaseId: baseId(loc.root) }, region };
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function plainText(markdown: string): string {
  return markdown
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
}

function firstParagraph(markdown: string): string {
  return plainText(markdown.split(/\n\s*\n/)[0] ?? markdown).replace(/\s+/g, ' ').trim();
}

function rule(meta: RuleMeta, informationUri: string): Sarif.ReportingDescriptor {
  const family = meta.id.split('/')[0] ?? 'security';
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: sentence(meta.title) },
    fullDescription: { text: sentence(firstParagraph(meta.help)) },
    help: { text: plainText(meta.help), markdown: meta.help },
    helpUri: `${informationUri}/blob/main/docs/rules.md#${anchorOf(meta.id)}`,
    defaultConfiguration: { level: SARIF_LEVEL[meta.severity] },
    properties: {
      tags: ['security', family, ...(meta.tags ?? [])],
      precision: meta.precision,
      'security-severity': SECURITY_SEVERITY[meta.severity],
    },
  };
}

function related(list: readonly RelatedLocation[], startId: number): Sarif.Location[] {
  return list.map((r, i) => ({ id: startId + i, physicalLocation: physical(r.location), message: { text: sentence(r.message) } }));
}

function result(f: Finding, ruleIndex: number): Sarif.Result {
  const res: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: { text: sentence(f.message) },
    locations: [{ physicalLocation: physical(f.location) }],
    partialFingerprints: {
      'blastRadiusFingerprint/v1': f.fingerprint,
      ...(f.lineHash ? { primaryLocationLineHash: f.lineHash } : {}),
    },
    properties: {
      'security-severity': SECURITY_SEVERITY[f.severity],
      severity: f.severity,
      confidence: f.confidence,
      ...(f.properties ?? {}),
    },
  };
  if (f.suppressed) {
    res.suppressions = [{ kind: f.suppressed.kind === 'inline' ? 'inSource' : 'external', status: 'accepted', justification: f.suppressed.reason ? sentence(f.suppressed.reason) : `Suppressed by ${f.suppressed.kind === 'inline' ? 'an inline blast-radius-ignore comment' : f.suppressed.kind === 'baseline' ? 'the baseline' : 'the configuration'}.` }];
  }
  if (f.related.length > 0) res.relatedLocations = related(f.related, 1);
  if (f.steps && f.steps.length > 0) {
    res.codeFlows = [
      {
        message: { text: sentence(f.message) },
        threadFlows: [
          {
            locations: f.steps.map((s, i) => ({
              location: { physicalLocation: physical(s.location), message: { text: sentence(s.message) } },
              executionOrder: i + 1,
              nestingLevel: 0,
            })),
          },
        ],
      },
    ];
  }
  return res;
}

function dirUri(path: string): string {
  const href = pathToFileURL(path).href;
  return href.endsWith('/') ? href : `${href}/`;
}

export function toSarifLog(scan: ScanResult, options: SarifOptions): Sarif.Log {
  const informationUri = options.informationUri ?? INFORMATION_URI;
  const rules = scan.rules;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const originalUriBaseIds: Record<string, Sarif.ArtifactLocation> = { '%SRCROOT%': { uri: options.sourceRootUri ?? dirUri(scan.root) } };
  if (scan.home) originalUriBaseIds.HOME = { uri: dirUri(scan.home) };
  const notifications: Sarif.Notification[] = scan.notifications.map((n) => ({
    level: n.level,
    message: { text: sentence(n.message) },
    descriptor: { id: n.id },
    ...(n.location ? { locations: [{ physicalLocation: physical(n.location) }] } : {}),
  }));
  const category = options.category ?? 'blast-radius/';
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'blast-radius',
            semanticVersion: options.toolVersion,
            version: options.toolVersion,
            informationUri,
            rules: rules.map((r) => rule(r, informationUri)),
          },
        },
        automationDetails: { id: category.endsWith('/') ? category : `${category}/` },
        originalUriBaseIds,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        // Suppressed findings are listed too, marked as such: a suppression is visible, never silent.
        results: [...scan.findings, ...scan.suppressed].map((f) => result(f, index.get(f.ruleId) ?? 0)),
        columnKind: 'utf16CodeUnits',
        properties: {
          filesScanned: scan.stats.filesScanned,
          skipped: scan.stats.skipped,
          skippedFolders: scan.stats.skippedFolders ?? [],
          suppressed: scan.stats.suppressed,
        },
      },
    ],
  };
}

export function toSarif(scan: ScanResult, options: SarifOptions): string {
  return JSON.stringify(toSarifLog(scan, options), null, 2) + '\n';
}
