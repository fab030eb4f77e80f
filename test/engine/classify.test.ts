// A file's kind from its name: names that are also properties of every JavaScript object are
// names like any other.

import { describe, expect, it } from 'vitest';
import { classify } from '../../src/engine/classify.js';

describe('classify', () => {
  it('gives kinds by name and extension, and text to names an object would answer for', () => {
    expect(['a/.npmrc', 'deploy/compose.yaml', 'main.tf', 'x/.env.local', 'run.sh'].map((p) => classify(p, ''))).toEqual(['ini', 'yaml', 'hcl', 'env', 'shell']);
    expect(['constructor', 'a/__proto__', 'toString', 'x.constructor', 'hasOwnProperty'].map((p) => classify(p, 'plain words'))).toEqual(['text', 'text', 'text', 'text', 'text']);
  });
});
