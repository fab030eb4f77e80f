// node:crypto on first use. Loading it brings node:stream along, about 8 ms that a scan with no
// findings and no certificate to read never needs to spend.

import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';

let loaded: typeof Crypto | undefined;

export const nodeCrypto = (): typeof Crypto => (loaded ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto);
