// The chains family's detectors, in id order. The registry in ../index.ts lists the families.

import type { Detector } from '../../src/engine/types.js';
import incidentPath from './incident-path.js';

export const chainsDetectors: Detector[] = [incidentPath];
