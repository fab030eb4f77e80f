// The parsers keep positions: a finding must point at the key that caused it.

import { describe, expect, it } from 'vitest';
import { isMap } from 'yaml';
import { parseDotenv } from '../../src/parsers/dotenv.js';
import { hclPosition, parseHcl } from '../../src/parsers/hcl.js';
import { parseIni } from '../../src/parsers/ini.js';
import { jsonOffset, parseJsonc } from '../../src/parsers/jsonc.js';
import { LineIndex } from '../../src/parsers/lines.js';
import { shellCommands } from '../../src/parsers/shell.js';
import { parseToml, tomlPosition } from '../../src/parsers/toml.js';
import { keepDocuments, parseYaml, yamlKeyAt, yamlNodeAt, yamlPosition, yamlValue } from '../../src/parsers/yaml.js';

describe('yaml', () => {
  it('reads every document, resolves anchors and merge keys, and keeps positions', () => {
    const text = ['kind: ConfigMap', '---', 'x-db: &db', '  image: postgres:16', 'services:', '  main:', '    <<: *db', '    ports: ["5432"]', '  replica:', '    <<: *db', ''].join('\n');
    const y = parseYaml(text);
    expect(y.docs).toHaveLength(2);
    expect(y.errors).toEqual([]);
    const doc = y.docs[1];
    expect(doc).toBeDefined();
    if (!doc) return;
    const value = yamlValue(doc) as { services: Record<string, { image?: string }> };
    expect(value.services.replica?.image).toBe('postgres:16');
    expect(yamlPosition(y, yamlKeyAt(doc.contents, ['services', 'replica']))).toEqual({ line: 9, column: 3 });
    expect(isMap(yamlNodeAt(doc.contents, ['services', 'main']))).toBe(true);
  });

  it('reports errors with a position and bounds alias expansion', () => {
    expect(parseYaml('a: [1, 2\nb: 3\n').errors[0]?.position?.line).toBeGreaterThan(0);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    const doc = parseYaml(bomb).docs[0];
    expect(doc && yamlValue(doc)).toBeUndefined();
  });

  it('parses only the documents asked for, at their own lines and columns', () => {
    const text = ['kind: CustomResourceDefinition', 'spec:', '  names: {kind: Job}', '---', 'kind: Job', 'metadata:', '  name: dump', '...', '--- # kept', 'kind: Service', ''].join('\r\n');
    const kept = keepDocuments(text, /^kind: Job/m);
    expect(kept.split('\n')).toHaveLength(text.split('\n').length);
    expect(kept).not.toContain('CustomResourceDefinition');
    expect(kept).not.toContain('Service');
    const y = parseYaml(kept);
    const job = y.docs.find((d) => (yamlValue(d) as { kind?: string } | null)?.kind === 'Job');
    expect(yamlValue(job as NonNullable<typeof job>)).toEqual({ kind: 'Job', metadata: { name: 'dump' } });
    expect(yamlPosition(y, yamlKeyAt(job?.contents, ['metadata', 'name']))).toEqual({ line: 7, column: 3 });
  });
});

describe('jsonc', () => {
  it('accepts comments and trailing commas and points at the key', () => {
    const text = '{\n  // settings\n  "permissions": {\n    "defaultMode": "bypassPermissions", /* yes */\n  },\n}\n';
    const j = parseJsonc(text);
    expect(j.errors).toEqual([]);
    expect(j.value).toEqual({ permissions: { defaultMode: 'bypassPermissions' } });
    const at = jsonOffset(j, ['permissions', 'defaultMode']);
    expect(at && new LineIndex(text).position(at.offset)).toEqual({ line: 4, column: 5 });
  });

  it('reports malformed JSON', () => {
    expect(parseJsonc('{"a": }').errors.length).toBeGreaterThan(0);
  });
});

describe('toml', () => {
  it('finds keys in tables, dotted keys and profiles', () => {
    const text = 'model = "o3"\napproval_policy = "on-request"\n\n[profiles.fast]\napproval_policy = "never"\nsandbox_mode = "danger-full-access"\n\n[mcp_servers.railway]\ncommand = "npx"\nenv.RAILWAY_API_TOKEN = "x"\n';
    expect(parseToml(text).value).toMatchObject({ profiles: { fast: { approval_policy: 'never' } } });
    expect(tomlPosition(text, ['approval_policy'])).toEqual({ line: 2, column: 1 });
    expect(tomlPosition(text, ['profiles', 'fast', 'sandbox_mode'])).toEqual({ line: 6, column: 1 });
    expect(tomlPosition(text, ['mcp_servers', 'railway', 'env', 'RAILWAY_API_TOKEN'])).toEqual({ line: 10, column: 1 });
    expect(tomlPosition(text, ['mcp_servers', 'railway'])).toEqual({ line: 9, column: 1 });
    expect(tomlPosition(text, ['nope'])).toBeUndefined();
  });

  it('reports a parse error with its line', () => {
    expect(parseToml('a = \n[b').error?.position?.line).toBe(1);
  });
});

describe('dotenv, ini, shell', () => {
  it('reads dotenv entries with value positions', () => {
    const entries = parseDotenv('# c\nexport A=1\nB="two words" # note\nC = three # trailing\nD=\'x\'\nE="multi\nline"\n');
    expect(entries.map((e) => [e.key, e.value, e.line, e.column])).toEqual([
      ['A', '1', 2, 10],
      ['B', 'two words', 3, 4],
      ['C', 'three', 4, 5],
      ['D', 'x', 5, 4],
      ['E', 'multi\nline', 6, 4],
    ]);
  });

  it('reads ini sections', () => {
    const entries = parseIni('[default]\naws_access_key_id = AKIA\n; c\n[profile prod]\nregion=us-east-1\n');
    expect(entries.map((e) => [e.section, e.key, e.value, e.line])).toEqual([
      ['default', 'aws_access_key_id', 'AKIA', 2],
      ['profile prod', 'region', 'us-east-1', 5],
    ]);
  });

  it('joins continuations and splits command lists', () => {
    expect(shellCommands('# x\npg_dump \\\n  -Fc db > /data/x.dump && echo ok\nls\n')).toEqual([
      { text: 'pg_dump    -Fc db > /data/x.dump', line: 2 },
      { text: 'echo ok', line: 2 },
      { text: 'ls', line: 4 },
    ]);
  });
});

describe('hcl', () => {
  const text = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  # skip_final_snapshot = false\n  backup_retention_period = 0\n  tags = { a = "}" }\n}\n\nresource "aws_db_instance" "other" {\n  skip_final_snapshot = true\n}\n';

  it('parses Terraform and finds blocks and attributes', () => {
    const h = parseHcl('main.tf', text);
    expect(h.error).toBeUndefined();
    expect(h.value).toMatchObject({ resource: { aws_db_instance: { main: [{ backup_retention_period: 0 }] } } });
    expect(hclPosition(text, 'resource', ['aws_db_instance', 'main'])).toEqual({ line: 1, column: 1 });
    expect(hclPosition(text, 'resource', ['aws_db_instance', 'main'], 'backup_retention_period')).toEqual({ line: 4, column: 3 });
    expect(hclPosition(text, 'resource', ['aws_db_instance', 'main'], 'skip_final_snapshot')).toBeUndefined();
    expect(hclPosition(text, 'resource', ['aws_db_instance', 'other'], 'skip_final_snapshot')).toEqual({ line: 9, column: 3 });
  });

  it('reports a parse error with its line', () => {
    const h = parseHcl('bad.tf', 'resource "x" "y" {\n  a = \n');
    expect(h.value).toBeUndefined();
    expect(h.error).toEqual({ message: 'bad.tf:2,7: Invalid expression', position: { line: 2, column: 7 } });
  });
});
