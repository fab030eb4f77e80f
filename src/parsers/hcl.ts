// Terraform HCL through HashiCorp's own parser compiled to WASM (@cdktf/hcl2json), loaded only
// when a scan meets a `.tf` file. It returns JSON without positions, so blocks and attributes are
// located back in the text by their `resource "type" "name" {` header and `attr =` lines.

import type * as Hcl2JsonModule from '@cdktf/hcl2json';
import { MAX_NESTING, nestsDeeperThan } from './depth.js';
import type { Position } from './lines.js';

export type HclValue = Record<string, unknown>;

export interface HclFile {
  value: HclValue | undefined;
  error?: { message: string; position?: Position };
}

type Hcl2Json = typeof Hcl2JsonModule;
let loaded: Promise<Hcl2Json> | undefined;
/** The Go runtime inside the WASM module is not re-entrant: parses run one at a time. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Loads the parser. Its WASM module is Go's runtime and HashiCorp's parser, megabytes of code:
 * V8's optimising compiler would spend more time and memory compiling it (about half a second
 * and 40 MB, on other threads) than a scan spends parsing with the baseline code, so only the
 * baseline compiler (Liftoff) runs. The flag is V8's, process-wide; no other WASM runs here.
 */
async function loadHcl2Json(): Promise<Hcl2Json> {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--liftoff-only');
  watchGoRuntime();
  return import('@cdktf/hcl2json');
}

/**
 * Why the Go runtime stopped, once it has. A Go runtime that hits a fatal error (seen in the fuzz
 * test: "malloc deadlock", "wrong goroutine in newstack") exits without answering the call in
 * flight, and that call's promise would never settle: the scan would hang. Each parse is raced
 * against the runtime's exit and a time limit; after either, HCL files are reported as not parsed.
 */
let stopped: string | undefined;
let stop: (why: string) => void = () => undefined;
const exited = new Promise<never>((_, reject) => {
  stop = (why) => {
    stopped ??= why;
    reject(new Error(stopped));
  };
});
exited.catch(() => undefined);

/** How long one parse may take before the runtime is taken for wedged. */
const PARSE_LIMIT_MS = 30_000;

/**
 * The bridge loads Go's `wasm_exec.js`, which assigns `globalThis.Go`, and runs one instance of it:
 * the class is wrapped as it is assigned, so the instance's exit reaches `stop`.
 */
function watchGoRuntime(): void {
  type GoClass = new () => { exit: (code: number) => void };
  let wrapped: GoClass | undefined;
  Object.defineProperty(globalThis, 'Go', {
    configurable: true,
    get: () => wrapped,
    set: (Base: GoClass) => {
      wrapped = class extends Base {
        constructor() {
          super();
          const exit = this.exit;
          this.exit = (code) => {
            stop(`the HCL parser's runtime stopped (exit code ${code})`);
            exit(code);
          };
        }
      };
    },
  });
}

/** One parse, settled by the parser or by the runtime stopping; running past the time limit stops it. */
function guarded(hcl: Hcl2Json, name: string, text: string): Promise<unknown> {
  const timer = setTimeout(() => stop(`the HCL parser did not answer within ${PARSE_LIMIT_MS / 1000} s`), PARSE_LIMIT_MS);
  return Promise.race([hcl.parse(name, text), exited]).finally(() => clearTimeout(timer));
}

export async function parseHcl(name: string, text: string): Promise<HclFile> {
  if (name.endsWith('.tf.json')) {
    try {
      return { value: JSON.parse(text) as HclValue };
    } catch (e) {
      return { value: undefined, error: { message: e instanceof Error ? e.message : String(e) } };
    }
  }
  // Deep nesting kills the Go runtime (`fatal error`), and HCL with it for the rest of the scan: refuse it first.
  if (nestsDeeperThan(text)) return { value: undefined, error: { message: `nested deeper than ${MAX_NESTING} levels, not parsed` } };
  if (stopped) return { value: undefined, error: { message: `not parsed: ${stopped}` } };
  loaded ??= loadHcl2Json();
  try {
    const hcl = await loaded;
    const parsed = queue.then(() => (stopped ? Promise.reject(new Error(stopped)) : guarded(hcl, name, text)));
    queue = parsed.catch(() => undefined);
    return { value: (await parsed) as HclValue };
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).replace(/^parse config: \[?/, '').split(';')[0] ?? 'HCL parse error';
    const at = /:(\d+),(\d+)-/.exec(message);
    return { value: undefined, error: { message, position: at ? { line: Number(at[1]), column: Number(at[2]) } : undefined } };
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Position of a block header such as `resource "aws_db_instance" "main"`, or of an attribute
 * inside it when `attribute` is given (the first `attribute =` or `attribute {` after the header
 * at any depth; undefined when the block lacks it).
 */
export function hclPosition(text: string, blockType: string, labels: readonly string[], attribute?: string): Position | undefined {
  const header = new RegExp(`^[ \\t]*${escape(blockType)}${labels.map((l) => `[ \\t]+"?${escape(l)}"?`).join('')}[ \\t]*\\{`, 'm');
  const m = header.exec(text);
  if (!m) return undefined;
  const start = m.index + (m[0].length - m[0].trimStart().length);
  const headerPos = toPosition(text, start);
  if (!attribute) return headerPos;
  const end = blockEnd(text, m.index + m[0].length);
  const body = text.slice(m.index + m[0].length, end);
  const attr = new RegExp(`^[ \\t]*${escape(attribute)}[ \\t]*(?:=|\\{)`, 'm').exec(body);
  if (!attr) return undefined;
  const offset = m.index + m[0].length + attr.index + (attr[0].length - attr[0].trimStart().length);
  return toPosition(text, offset);
}

function blockEnd(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}

function toPosition(text: string, offset: number): Position {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}
