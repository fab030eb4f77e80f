// The JSON Schema of `.blast-radius.yml`, for editor completion and validation
// (`# yaml-language-server: $schema=…`). Generated with the rule ids of the registry by
// `npm run docs` into schema/blast-radius.schema.json; the loader (src/engine/config.ts) applies
// the same rules and says which key is wrong.

import { SEVERITIES, type RuleMeta } from '../engine/types.js';

export function configSchema(rules: readonly RuleMeta[]): object {
  const ids = rules.map((r) => r.id).sort();
  const families = [...new Set(ids.map((id) => id.slice(0, id.indexOf('/'))))].sort();
  const setting = {
    oneOf: [
      { enum: ['off', 'disabled', 'on', false, true], description: 'Turn the rule off or on.' },
      { enum: [...SEVERITIES], description: 'Keep the rule, reported at this severity.' },
      {
        type: 'object',
        additionalProperties: false,
        properties: { enabled: { type: 'boolean' }, severity: { enum: [...SEVERITIES] } },
      },
    ],
  };
  const globs = (description: string): object => ({ type: 'array', items: { type: 'string' }, description });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://unpkg.com/blast-radius/schema/blast-radius.schema.json',
    title: 'blast-radius configuration (.blast-radius.yml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      ignore: globs('Paths (globs) not to scan.'),
      include: globs('Folders skipped by name (dist, build, vendor, node_modules …) to scan all the same.'),
      rules: {
        type: 'object',
        description: 'Rules turned off or re-graded, by rule id or by family (`agent/*` or `agent`).',
        propertyNames: { enum: [...ids, ...families.map((f) => `${f}/*`), ...families] },
        additionalProperties: setting,
      },
      tokens: {
        type: 'object',
        additionalProperties: false,
        properties: {
          'safe-variables': globs('Variable names whose values are known not to be live credentials (findings are listed as suppressed).'),
          patterns: {
            type: 'array',
            description: 'Extra token patterns (RE2 syntax: no backreferences or lookaround).',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'provider', 'regex'],
              properties: {
                id: { type: 'string' },
                provider: { type: 'string' },
                regex: { type: 'string' },
                scope: { enum: ['BROAD', 'PROJECT-DESTRUCTIVE', 'NARROW', 'UNKNOWN'] },
              },
            },
          },
        },
      },
      'max-file-size': {
        description: 'Largest file read, as bytes or a size such as 512KB or 2MB (at most 16 MB).',
        oneOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*([bB]|[kKmMgG]([iI]?[bB])?)?\\s*$' }],
      },
      guard: {
        type: 'object',
        additionalProperties: false,
        properties: { allow: globs('Commands (prefixes, `*` for any text) and MCP tools (mcp__server__tool) `blast-radius guard` lets run.') },
      },
    },
  };
}
