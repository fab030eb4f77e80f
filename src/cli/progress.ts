// A progress line on stderr for long scans on a terminal: silent for the first half second
// (short scans print nothing), then at most ten updates a second, erased when the scan ends.

import type { TextSink } from './stdio.js';

export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

export function progressReporter(stream: TextSink, delayMs = 500): Progress | undefined {
  if (stream.isTTY !== true) return undefined;
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < delayMs || now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`\r\u001b[2Kscanning ${done}/${total} files`);
    },
    done() {
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
