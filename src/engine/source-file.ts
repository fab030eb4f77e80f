// One scanned file: its text, its kind, and each parse of it done at most once and cached. A
// parse failure becomes one notification (the first time it is asked for), never an exception.

import { LineIndex } from '../parsers/lines.js';
import { keepDocuments, parseYaml, yamlKeyAt, yamlNodeAt, yamlPosition, type YamlFile } from '../parsers/yaml.js';
import { jsonOffset, parseJsonc, type JsonFile } from '../parsers/jsonc.js';
import { parseToml, tomlPosition, type TomlFile } from '../parsers/toml.js';
import { parseDotenv, type EnvEntry } from '../parsers/dotenv.js';
import { parseIni, type IniEntry } from '../parsers/ini.js';
import { parseHcl, type HclFile } from '../parsers/hcl.js';
import type { FileKind, Location, Notification, RootKind } from './types.js';

export class SourceFile {
  private cache = new Map<string, unknown>();
  private index: LineIndex | undefined;

  constructor(
    readonly root: RootKind,
    /** POSIX path relative to its root. */
    readonly path: string,
    readonly absPath: string,
    readonly kind: FileKind,
    /** The text, or how to decode it: most files of a large scan are never decoded, their hints having ruled every detector out. */
    text: string | (() => string),
    private readonly notify: (n: Notification) => void,
    /** Answers found on the file's bytes as it was read: bit i answers `hints[i]`. */
    private readonly known?: { hints: readonly RegExp[]; bits: number },
  ) {
    if (typeof text === 'string') this.decoded = text;
    else this.decode = text;
  }

  private decoded: string | undefined;
  private decode: (() => string) | undefined;

  get text(): string {
    if (this.decoded === undefined) {
      this.decoded = (this.decode as () => string)();
      this.decode = undefined;
    }
    return this.decoded;
  }

  private answers: Map<RegExp, boolean> | undefined;

  /** `re.test(text)`, answered once per file (and for a detector's hints, often on another thread). */
  matches(re: RegExp): boolean {
    const i = this.known ? this.known.hints.indexOf(re) : -1;
    if (i !== -1) return ((this.known?.bits ?? 0) & (1 << i)) !== 0;
    this.answers ??= new Map();
    let answer = this.answers.get(re);
    if (answer === undefined) {
      re.lastIndex = 0;
      answer = re.test(this.text);
      this.answers.set(re, answer);
    }
    return answer;
  }

  /** File name without directories. */
  get name(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }

  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }

  /** A location in this file (1-based line and column). */
  at(line: number, column = 1, endLine?: number, endColumn?: number): Location {
    const loc: Location = { root: this.root, path: this.path, line: Math.max(1, line), column: Math.max(1, column) };
    if (endLine !== undefined) loc.endLine = endLine;
    if (endColumn !== undefined) loc.endColumn = endColumn;
    return loc;
  }

  /** A location from a 0-based character offset (and optional length). */
  atOffset(offset: number, length?: number): Location {
    const start = this.lines.position(offset);
    if (length === undefined || length <= 0) return this.at(start.line, start.column);
    const end = this.lines.position(offset + length);
    return this.at(start.line, start.column, end.line, end.column);
  }

  /** The location of the first occurrence of `needle` (or line 1 when absent). */
  find(needle: string, from = 0): Location {
    const i = this.text.indexOf(needle, from);
    return i === -1 ? this.at(1) : this.atOffset(i, needle.length);
  }

  /** Where a JSON(C) property sits (its key, so a finding points at `"key": …`); line 1 when absent. */
  jsonLocation(path: readonly (string | number)[]): Location {
    const at = jsonOffset(this.json(), path);
    return at ? this.atOffset(at.offset, at.length) : this.at(1);
  }

  /** Where a TOML key or table sits; line 1 when absent. */
  tomlLocation(path: readonly string[]): Location {
    const pos = tomlPosition(this.text, path);
    return this.at(pos?.line ?? 1, pos?.column ?? 1);
  }

  /** Where a YAML map key (or sequence item) sits under `root` (a document's contents); line 1 when absent. */
  yamlLocation(root: unknown, path: readonly (string | number)[]): Location {
    const pos = yamlPosition(this.yamlHolding(root), yamlKeyAt(root, path) ?? yamlNodeAt(root, path));
    return this.at(pos?.line ?? 1, pos?.column ?? 1);
  }

  /**
   * The YAML stream, parsed once. With `keep`, only the documents in whose text `keep` finds a
   * match are parsed (the others come back empty); positions are those of the whole file.
   */
  yaml(keep?: RegExp): YamlFile {
    if (keep) {
      const whole = this.cache.get('yaml') as YamlFile | undefined;
      if (whole) return whole;
    }
    return this.memo(keep ? `yaml:${keep.source}` : 'yaml', () => {
      const y = parseYaml(keep ? keepDocuments(this.text, keep) : this.text);
      const first = y.errors[0];
      if (first) this.parseError(`YAML: ${first.message}`, first.position?.line, first.position?.column);
      for (const d of y.duplicates) this.duplicateKey('a map key', d.line, d.column);
      return y;
    });
  }

  json(): JsonFile {
    return this.memo('json', () => {
      const j = parseJsonc(this.text);
      const first = j.errors[0];
      if (first) {
        const p = this.lines.position(first.offset);
        this.parseError(`JSON: ${first.message}`, p.line, p.column);
      }
      for (const d of j.duplicates) {
        const p = this.lines.position(d.offset);
        this.duplicateKey(`key ${JSON.stringify(d.key).slice(0, 80)}`, p.line, p.column);
      }
      return j;
    });
  }

  toml(): TomlFile {
    return this.memo('toml', () => {
      const t = parseToml(this.text);
      if (t.error) this.parseError(`TOML: ${t.error.message}`, t.error.position?.line, t.error.position?.column);
      return t;
    });
  }

  env(): EnvEntry[] {
    return this.memo('env', () => parseDotenv(this.text));
  }

  ini(): IniEntry[] {
    return this.memo('ini', () => parseIni(this.text));
  }

  /** Terraform HCL (or a `.tf.json` file's JSON). */
  hcl(): HclFile {
    return this.memo('hcl', () => {
      const h = parseHcl(this.name, this.text);
      if (h.error) this.parseError(`HCL: ${h.error.message}`, h.error.position?.line, h.error.position?.column);
      return h;
    });
  }

  /** The parse (whole, or of some documents) a document root came from: positions come from its own text. */
  private yamlHolding(root: unknown): YamlFile {
    for (const [key, value] of this.cache) {
      if ((key === 'yaml' || key.startsWith('yaml:')) && (value as YamlFile).docs.some((d) => d.contents === root)) return value as YamlFile;
    }
    return this.yaml();
  }

  private memo<T>(key: string, make: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }

  private notified: Set<string> | undefined;

  /** Each problem once, though a file may be parsed whole and in part. */
  private once(id: string, line: number, column: number): boolean {
    const key = `${id}:${line}:${column}`;
    this.notified ??= new Set();
    if (this.notified.has(key)) return false;
    this.notified.add(key);
    return true;
  }

  private duplicateKey(what: string, line: number, column: number): void {
    if (!this.once('duplicate-key', line, column)) return;
    this.notify({ level: 'warning', id: 'duplicate-key', message: `${this.path}: ${what} is given twice; the tools reading this file keep the last one, so check the settings that were meant`, location: this.at(line, column) });
  }

  private parseError(message: string, line?: number, column?: number): void {
    if (!this.once('parse-error', line ?? 1, column ?? 1)) return;
    this.notify({ level: 'warning', id: 'parse-error', message: `${this.path}: ${message}`, location: this.at(line ?? 1, column ?? 1) });
  }
}
