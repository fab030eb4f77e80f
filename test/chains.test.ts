// The chain stage's severity policy and the single-link fixes, over the real fixtures.

import { describe, expect, it } from 'vitest';
import { listFixtures, scanFixture } from './support/fixtures.js';

async function chains(name: string): Promise<{ severity: string; steps: number; message: string }[]> {
  const spec = listFixtures().find((f) => f.name === name);
  if (!spec) throw new Error(`no fixture ${name}`);
  const result = await scanFixture(spec);
  return result.findings.filter((f) => f.ruleId.startsWith('chain/')).map((f) => ({ severity: f.severity, steps: f.steps?.length ?? 0, message: f.message }));
}

describe('chains', () => {
  it('draws the incident as a critical path with co-located backups', async () => {
    const [chain] = await chains('chains/full');
    expect(chain?.severity).toBe('critical');
    expect(chain?.steps).toBe(4);
    expect(chain?.message).toMatch(/Railway volume backups/);
  });

  it('downgrades when an off-site backup survives', async () => {
    const [chain] = await chains('chains/offsite-backup');
    expect(chain?.severity).toBe('high');
    expect(chain?.message).toMatch(/off-site backup survives/);
  });

  it('disappears when the agent is gated or the token is narrow', async () => {
    expect(await chains('chains/gated-agent')).toEqual([]);
    expect(await chains('chains/narrow-token')).toEqual([]);
  });

  it('reaches a CLI login in the home directory through an unsandboxed shell', async () => {
    const found = await chains('chains/home-token');
    expect(found.map((c) => c.severity)).toEqual(['critical', 'critical']);
  });
});
