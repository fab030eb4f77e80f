// The generic fixture runner: every fixture produces exactly the findings marked inside it.

import { describe, expect, it } from 'vitest';
import { describeExpected, expectedFindings, listFixtures, scanFixture } from './support/fixtures.js';

const fixtures = listFixtures();

describe('fixtures', () => {
  it('exist', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  for (const spec of fixtures) {
    it(`${spec.name}: ${spec.description}`, async () => {
      const result = await scanFixture(spec);
      const actual = result.findings.map((f) => describeExpected({ rule: f.ruleId, root: f.location.root, path: f.location.path, line: f.location.line })).sort();
      const expected = expectedFindings(spec).map(describeExpected).sort();
      expect(actual).toEqual(expected);
      expect(result.notifications.filter((n) => n.id === 'detector-error')).toEqual([]);
    });
  }
});
