// The tokens family's detectors, in id order. The registry in ../index.ts lists the families.

import type { Detector } from '../../src/engine/types.js';
import credentials from './credentials.js';

export const tokensDetectors: Detector[] = [credentials];
