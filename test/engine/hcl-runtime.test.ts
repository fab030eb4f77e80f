// HCL's Go runtime can stop on a fatal error without answering the call in flight. The parser
// watches the runtime's exit: once it has stopped, HCL files are reported as not parsed, and the
// scan goes on instead of waiting for an answer that never comes. (Its own file: the runtime
// stopped here stays stopped for the rest of the process.)

import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../src/parsers/hcl.js';

describe('the HCL runtime stopping', () => {
  it('turns every later parse into a parse error at once', async () => {
    const ok = await parseHcl('main.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n');
    expect(ok.error).toBeUndefined();
    // The runtime's class, as the parser wrapped it when the bridge assigned it; any instance's
    // exit is the runtime stopping (the real one exits only on a fatal error).
    const Go = (globalThis as unknown as { Go: new () => { exit: (code: number) => void } }).Go;
    const quiet = console.warn;
    console.warn = () => undefined;
    try {
      new Go().exit(2);
    } finally {
      console.warn = quiet;
    }
    const after = await parseHcl('main.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n');
    expect(after.value).toBeUndefined();
    expect(after.error?.message).toMatch(/not parsed: the HCL parser's runtime stopped \(exit code 2\)/);
  });
});
