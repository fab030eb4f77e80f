// The explicit registry: every detector, families in a fixed order, each family sorted by id.
// The CLI and the Action hand this list to the engine (the engine never imports detectors).

import { compareText } from '../src/engine/order.js';
import type { Detector } from '../src/engine/types.js';
import { agentsDetectors } from './agents/index.js';
import { backupsDetectors } from './backups/index.js';
import { chainsDetectors } from './chains/index.js';
import { tokensDetectors } from './tokens/index.js';

const byId = (a: Detector, b: Detector): number => compareText(a.id, b.id);

export const detectors: readonly Detector[] = [
  ...[...tokensDetectors].sort(byId),
  ...[...backupsDetectors].sort(byId),
  ...[...agentsDetectors].sort(byId),
  ...[...chainsDetectors].sort(byId),
];
