// Runs the CLI in-process with captured streams, or the real bin as a child process.

import { execFile, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export const REPO = resolve(import.meta.dirname, '../..');

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}): Promise<CliRun> {
  const stdout = new Capture(options.tty);
  const stderr = new Capture(options.tty);
  const code = await main(argv, { stdout, stderr, env: options.env ?? {}, cwd: options.cwd ?? REPO });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The built bin (needs `npm run build`, which `npm test` runs first). */
export function runBin(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [resolve(REPO, 'bin/blast-radius.cjs'), ...argv], {
    cwd: options.cwd ?? REPO,
    ...(options.input !== undefined ? { input: options.input } : {}),
    env: { PATH: process.env.PATH, ...(options.env ?? {}) },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The built bin, without blocking: for runs that talk to a server in this process. */
export function runBinAsync(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [resolve(REPO, 'bin/blast-radius.cjs'), ...argv], { cwd: options.cwd ?? REPO, env: { PATH: process.env.PATH, ...(options.env ?? {}) }, encoding: 'utf8', maxBuffer: 1 << 26 }, (_error, stdout, stderr) =>
      done({ code: child.exitCode ?? -1, stdout, stderr }),
    );
  });
}
