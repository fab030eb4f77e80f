// Servers relying on their platform's backups: the volumes attached to them (in another file of
// the module) are named as left out of those backups.

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectors } from '../detectors/index.js';
import { scan } from '../src/engine/scan.js';

describe('server backups and attached volumes', () => {
  it('names the volumes a Hetzner or Linode server backup leaves out', async () => {
    const { findings } = await scan({ root: resolve(import.meta.dirname, '../fixtures/backups/terraform-platforms'), detectors });
    const servers = findings.filter((f) => f.ruleId === 'backup/server-backups-deleted-with-server');
    expect(servers.map((f) => f.message.match(/volume (\S+) is not in these backups/)?.[1])).toEqual(['hcloud_volume.data', 'linode_volume.uploads']);
  });
});
