// The backups family's detectors, in id order. The registry in ../index.ts lists the families.

import type { Detector } from '../../src/engine/types.js';

export const backupsDetectors: Detector[] = [];
