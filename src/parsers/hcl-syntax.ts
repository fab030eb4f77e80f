// HCL's native syntax (Terraform's `.tf`), parsed into the JSON that HashiCorp's hcl2json
// conversion gives (tmccombs/hcl2json without simplification, as @cdktf/hcl2json runs it):
// - a block nests under its type and each label, and the last key holds an array of bodies;
// - a literal (number, bool, null) is its JSON value, a string is its text;
// - a tuple is an array, an object an object (with keys sorted, as Go writes maps);
// - a string with interpolations keeps them as `${source}` and its directives as `%{…}`;
// - any other expression (reference, call, operator, conditional, `for`) is its source wrapped in
//   `${…}` (a type too: `type = string` is `"${string}"`).
//
// It was HashiCorp's own parser compiled to WASM; that one costs 0.13 s and 45 MB to start (Go's
// runtime), and stopped with fatal errors on fuzzed input. This one is a recursive-descent parser
// whose recursion is bounded by MAX_DEPTH, linear in the text.

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset of the problem in the text. */
    readonly offset: number,
  ) {
    super(message);
  }
}

type Expr =
  | { k: 'literal'; value: string | number | boolean | null; start: number; end: number }
  /** `text`: a heredoc's own text, which the offsets inside it are into (not the file's). */
  | { k: 'template'; parts: Part[]; start: number; end: number; text?: string }
  /** A string that is one interpolation and nothing else (`"${x}"`). */
  | { k: 'wrap'; inner: Expr; start: number; end: number; text?: string }
  | { k: 'tuple'; items: Expr[]; start: number; end: number }
  | { k: 'object'; items: { key: Expr; value: Expr }[]; start: number; end: number }
  | { k: 'unary'; op: '-' | '!'; operand: Expr; start: number; end: number }
  | { k: 'conditional'; cond: Expr; then: Expr; else: Expr; start: number; end: number }
  /** A reference: a name, then attributes and constant indexes (`var.x`, `a.b[0]`). */
  | { k: 'traversal'; start: number; end: number }
  | { k: 'other'; start: number; end: number };

type Part =
  | { k: 'text'; text: string }
  | { k: 'expr'; expr: Expr }
  | { k: 'if'; cond: Expr; then: Part[]; else: Part[] }
  | { k: 'for'; keyVar?: string; valVar: string; coll: Expr; body: Part[] };

type Item = { k: 'attribute'; name: string; expr: Expr; start: number } | { k: 'block'; type: string; labels: string[]; body: Item[]; start: number };

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Binary operators, longest first, with their precedence (higher binds tighter). */
const BINARY: readonly (readonly [string, number])[] = [['||', 0], ['&&', 1], ['==', 2], ['!=', 2], ['<=', 3], ['>=', 3], ['<', 3], ['>', 3], ['+', 4], ['-', 4], ['*', 5], ['/', 5], ['%', 5]];

/**
 * The deepest nesting parsed (brackets, braces, parentheses, interpolations, blocks): real modules
 * nest a dozen levels. Each level costs a handful of stack frames, and a detector may parse from
 * deep in its own calls.
 */
const MAX_DEPTH = 64;
/** Where a run of plain template text may end: a quote, an escape, an interpolation or directive, a newline. */
const TEMPLATE_SPECIAL = /["\\$%\n]/g;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function isIdStart(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
  return /\p{L}/u.test(c);
}

function isIdPart(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 45;
  return /[\p{L}\p{N}]/u.test(c);
}

class Parser {
  pos = 0;
  private depth = 0;

  constructor(
    readonly text: string,
    /** Where `text` starts in the file (a heredoc's body is parsed on its own). */
    private readonly base = 0,
    depth = 0,
  ) {
    this.depth = depth;
  }

  fail(message: string, at = this.pos): never {
    throw new HclSyntaxError(message, this.base + at);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels, not parsed`);
  }

  private leave(): void {
    this.depth--;
  }

  private peek(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  /** The last skip without and with newlines: from where to where (a run is skipped once however often it is asked). */
  private readonly skipped = [
    { from: -1, to: -1 },
    { from: -1, to: -1 },
  ];

  /** Skips spaces and comments, and newlines too when `newlines` is set. */
  ws(newlines: boolean): void {
    const last = this.skipped[newlines ? 1 : 0] as { from: number; to: number };
    if (last.from === this.pos) {
      this.pos = last.to;
      return;
    }
    last.from = this.pos;
    this.skip(newlines);
    last.to = this.pos;
  }

  private skip(newlines: boolean): void {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.pos++;
      else if (c === '#' || (c === '/' && t[this.pos + 1] === '/')) {
        const eol = t.indexOf('\n', this.pos);
        this.pos = eol === -1 ? t.length : eol;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        const close = t.indexOf('*/', this.pos + 2);
        if (close === -1) this.fail('Unterminated block comment');
        this.pos = close + 2;
      } else return;
    }
  }

  private identifier(): string {
    const start = this.pos;
    if (!isIdStart(this.text[this.pos] ?? '')) return '';
    this.pos++;
    while (this.pos < this.text.length && isIdPart(this.text[this.pos] as string)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Whether the word `word` starts here (not a longer name starting with it). */
  private keyword(word: string): boolean {
    return this.peek(word) && !isIdPart(this.text[this.pos + word.length] ?? ' ');
  }

  private expect(s: string, what: string): void {
    if (!this.peek(s)) this.fail(`Missing ${what}`);
    this.pos += s.length;
  }

  /** A body: attributes and blocks, up to the `}` that closes it (or the end of the file). */
  body(closed: boolean): Item[] {
    const items: Item[] = [];
    for (;;) {
      this.ws(true);
      if (this.pos >= this.text.length) {
        if (closed) this.fail('Unclosed configuration block');
        return items;
      }
      if (closed && this.peek('}')) {
        this.pos++;
        return items;
      }
      items.push(this.item());
      this.endOfItem();
    }
  }

  /** After an attribute or a block in a body: the end of the line or of the file (a one-line block reads its own `}`). */
  private endOfItem(): void {
    this.ws(false);
    const c = this.text[this.pos];
    if (c === undefined || c === '\n') return;
    this.fail('Missing newline after argument or block definition');
  }

  private item(): Item {
    const start = this.pos;
    const name = this.identifier();
    if (!name) this.fail('Argument or block definition required');
    this.ws(false);
    if (this.peek('=') && !this.peek('==')) {
      this.pos++;
      this.ws(false);
      return { k: 'attribute', name, expr: this.expression(false), start };
    }
    const labels: string[] = [];
    for (;;) {
      if (this.peek('"')) {
        const label = this.quoted();
        if (label.k !== 'template' || label.parts.some((p) => p.k !== 'text')) this.fail('Invalid block label', label.start);
        labels.push(label.parts.map((p) => (p as { text: string }).text).join(''));
      } else if (isIdStart(this.text[this.pos] ?? '')) labels.push(this.identifier());
      else break;
      // Each label nests the JSON one level deeper.
      if (labels.length > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels, not parsed`);
      this.ws(false);
    }
    if (!this.peek('{')) this.fail(labels.length ? 'Missing block opening brace' : 'Missing "=" or block definition');
    this.pos++;
    this.enter();
    this.ws(false);
    let body: Item[];
    if (this.peek('}')) {
      this.pos++;
      body = [];
    } else if (this.text[this.pos] === '\n' || this.pos >= this.text.length) body = this.body(true);
    else {
      // A one-line block holds one attribute.
      const only = this.item();
      if (only.k !== 'attribute') this.fail('Invalid single-argument block definition', only.start);
      this.ws(false);
      this.expect('}', 'closing brace of the single-line block');
      body = [only];
    }
    this.leave();
    return { k: 'block', type: name, labels, body, start };
  }

  /** An expression; `newlines`: whether newlines inside it are spaces (within brackets) or end it (in a body or object). */
  expression(newlines: boolean): Expr {
    this.enter();
    const cond = this.binary(newlines);
    this.ws(newlines);
    let result = cond;
    if (this.peek('?')) {
      this.pos++;
      this.ws(newlines);
      const then = this.expression(newlines);
      this.ws(newlines);
      this.expect(':', 'false expression of the conditional');
      this.ws(newlines);
      const otherwise = this.expression(newlines);
      result = { k: 'conditional', cond, then, else: otherwise, start: cond.start, end: otherwise.end };
    }
    this.leave();
    return result;
  }

  /** Operands joined by binary operators, by precedence (a loop over two stacks, no recursion per level). */
  private binary(newlines: boolean): Expr {
    const operands: Expr[] = [this.unary(newlines)];
    const levels: number[] = [];
    const reduce = (): void => {
      const right = operands.pop() as Expr;
      const left = operands.pop() as Expr;
      levels.pop();
      operands.push({ k: 'other', start: left.start, end: right.end });
    };
    for (;;) {
      const save = this.pos;
      this.ws(newlines);
      const op = BINARY.find(([o]) => this.peek(o));
      // `<<` after an operand is no operator (a heredoc cannot follow one either).
      if (!op || this.peek('<<')) {
        this.pos = save;
        break;
      }
      while (levels.length > 0 && (levels[levels.length - 1] as number) >= op[1]) reduce();
      levels.push(op[1]);
      this.pos += op[0].length;
      this.ws(newlines);
      operands.push(this.unary(newlines));
    }
    while (levels.length > 0) reduce();
    return operands[0] as Expr;
  }

  private unary(newlines: boolean): Expr {
    const ops: { op: '-' | '!'; start: number }[] = [];
    for (;;) {
      const c = this.text[this.pos];
      if ((c === '-' || c === '!') && !this.peek('!=')) {
        ops.push({ op: c, start: this.pos });
        this.pos++;
        this.ws(newlines);
      } else break;
    }
    let expr = this.postfix(this.primary(newlines), newlines);
    for (let i = ops.length - 1; i >= 0; i--) {
      const { op, start } = ops[i] as { op: '-' | '!'; start: number };
      expr = { k: 'unary', op, operand: expr, start, end: expr.end };
    }
    return expr;
  }

  /** Attributes, indexes and splats after a term. */
  private postfix(term: Expr, newlines: boolean): Expr {
    let expr = term;
    for (;;) {
      const save = this.pos;
      this.ws(newlines);
      if (this.peek('.') && !this.peek('...')) {
        this.pos++;
        this.ws(newlines);
        if (this.peek('*')) {
          this.pos++;
          expr = { k: 'other', start: expr.start, end: this.pos };
        } else if (/[0-9]/.test(this.text[this.pos] ?? '')) {
          // A legacy index (`list.0`) is a number token, exponent and all; the scanner reads `1.5` as
          // one number, which is not an index.
          const index = /^[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos, this.pos + 400)) as RegExpExecArray;
          if (index[0].includes('.')) this.fail('Invalid legacy index syntax');
          this.pos += index[0].length;
          expr = { k: expr.k === 'traversal' ? 'traversal' : 'other', start: expr.start, end: this.pos };
        } else {
          if (!this.identifier()) this.fail('Invalid attribute name');
          expr = { k: expr.k === 'traversal' ? 'traversal' : 'other', start: expr.start, end: this.pos };
        }
      } else if (this.peek('[')) {
        this.pos++;
        this.ws(true);
        let constant = false;
        if (this.peek('*')) this.pos++;
        else {
          const index = this.expression(true);
          constant = index.k === 'literal' || (index.k === 'template' && index.parts.every((p) => p.k === 'text'));
        }
        this.ws(true);
        this.expect(']', 'closing bracket of the index');
        expr = { k: expr.k === 'traversal' && constant ? 'traversal' : 'other', start: expr.start, end: this.pos };
      } else {
        this.pos = save;
        return expr;
      }
    }
  }

  private primary(newlines: boolean): Expr {
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === undefined) this.fail('Missing expression');
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos, this.pos + 400)) as RegExpExecArray;
      this.pos += m[0].length;
      return { k: 'literal', value: Number(m[0]), start, end: this.pos };
    }
    if (c === '"') return this.quoted();
    if (this.peek('<<')) return this.heredoc();
    if (c === '(') {
      this.pos++;
      this.ws(true);
      this.expression(true);
      this.ws(true);
      this.expect(')', 'closing parenthesis');
      return { k: 'other', start, end: this.pos };
    }
    if (c === '[') return this.tuple();
    if (c === '{') return this.object();
    if (isIdStart(c)) {
      const name = this.identifier();
      if (name === 'true' || name === 'false') return { k: 'literal', value: name === 'true', start, end: this.pos };
      if (name === 'null') return { k: 'literal', value: null, start, end: this.pos };
      // A provider function's namespaces (`provider::aws::arn_parse(…)`).
      while (this.peek('::')) {
        this.pos += 2;
        if (!this.identifier()) this.fail('Invalid function name');
      }
      const save = this.pos;
      this.ws(newlines);
      if (this.peek('(')) {
        this.pos++;
        this.list(')', 'closing parenthesis of the call', true);
        return { k: 'other', start, end: this.pos };
      }
      this.pos = save;
      return { k: 'traversal', start, end: this.pos };
    }
    this.fail('Invalid expression');
  }

  /** Comma-separated expressions up to `close` (a call's arguments may end with `...`). */
  private list(close: string, what: string, call = false): Expr[] {
    const items: Expr[] = [];
    for (;;) {
      this.ws(true);
      if (this.peek(close)) break;
      items.push(this.expression(true));
      this.ws(true);
      if (call && this.peek('...')) {
        // The expanded argument is the last one: the call closes right after it.
        this.pos += 3;
        break;
      }
      if (this.peek(',')) this.pos++;
      else break;
    }
    this.ws(true);
    this.expect(close, what);
    return items;
  }

  private tuple(): Expr {
    const start = this.pos;
    const forExpr = this.opening(']');
    if (forExpr) return forExpr;
    const items = this.list(']', 'closing bracket of the tuple');
    return { k: 'tuple', items, start, end: this.pos };
  }

  /** Past a `[` or `{`: the whole `for` expression up to `close` when one starts there, else undefined. */
  private opening(close: string): Expr | undefined {
    const start = this.pos;
    this.pos++;
    this.ws(true);
    if (!this.keyword('for')) return undefined;
    this.forExpr(close);
    return { k: 'other', start, end: this.pos };
  }

  /** `for k, v in coll : result [=> value [...]] [if cond]` and its closing bracket. */
  private forExpr(close: string): void {
    this.pos += 3;
    this.ws(true);
    if (!this.identifier()) this.fail('Invalid for expression');
    this.ws(true);
    if (this.peek(',')) {
      this.pos++;
      this.ws(true);
      if (!this.identifier()) this.fail('Invalid for expression');
      this.ws(true);
    }
    if (!this.keyword('in')) this.fail('Invalid for expression: "in" expected');
    this.pos += 2;
    this.ws(true);
    this.expression(true);
    this.ws(true);
    this.expect(':', 'colon of the for expression');
    this.ws(true);
    this.expression(true);
    this.ws(true);
    if (close === '}') {
      this.expect('=>', 'arrow of the for expression');
      this.ws(true);
      this.expression(true);
      this.ws(true);
      if (this.peek('...')) this.pos += 3;
      this.ws(true);
    }
    if (this.keyword('if')) {
      this.pos += 2;
      this.ws(true);
      this.expression(true);
      this.ws(true);
    }
    this.expect(close, 'end of the for expression');
  }

  private object(): Expr {
    const start = this.pos;
    const forExpr = this.opening('}');
    if (forExpr) return forExpr;
    const items: { key: Expr; value: Expr }[] = [];
    for (;;) {
      this.ws(true);
      if (this.peek('}')) break;
      const key = this.expression(false);
      this.ws(false);
      if (this.peek('=') && !this.peek('==')) this.pos++;
      else if (this.peek(':')) this.pos++;
      else this.fail('Missing key/value separator');
      this.ws(false);
      const value = this.expression(false);
      items.push({ key, value });
      this.ws(false);
      if (this.peek(',')) this.pos++;
      else if (this.text[this.pos] !== '\n' && !this.peek('}')) this.fail('Missing attribute separator');
    }
    this.pos++;
    return { k: 'object', items, start, end: this.pos };
  }

  private quoted(): Expr & { k: 'template' | 'wrap' } {
    const start = this.pos;
    this.pos++;
    const parts = this.templateParts('"', []);
    return this.template(parts, start, this.pos);
  }

  /** The parts of a template up to its end (`"`, or the end of a heredoc's text) or to one of `stops` (`%{else}` …), which is left unread. */
  private templateParts(end: '"' | '', stops: readonly string[]): Part[] {
    const parts: Part[] = [];
    let text = '';
    let stripNext = false;
    const flush = (): void => {
      // HCL normalises string literals to NFC.
      if (text) parts.push({ k: 'text', text: /[\u0080-\uffff]/.test(text) ? text.normalize('NFC') : text });
      text = '';
    };
    const t = this.text;
    for (;;) {
      if (this.pos >= t.length) {
        if (end === '"') this.fail('Unterminated template string');
        break;
      }
      const c = t[this.pos] as string;
      if (end === '"' && c === '"') {
        this.pos++;
        break;
      }
      if (end === '"' && c === '\n') this.fail('Invalid multi-line string');
      if (this.peek('$${') || this.peek('%%{')) {
        // The escapes stay as written: hcl2json's strings keep them.
        text += t.slice(this.pos, this.pos + 3);
        this.pos += 3;
      } else if (this.peek('${') || this.peek('%{')) {
        const directive = c === '%';
        const opening = this.pos;
        this.pos += 2;
        const stripBefore = this.peek('~');
        if (stripBefore) this.pos++;
        this.ws(true);
        if (directive) {
          const word = /^(?:if|else|endif|for|endfor)\b/.exec(t.slice(this.pos, this.pos + 6))?.[0];
          if (word && stops.includes(word)) {
            // Left at the directive for the caller; the text before it trimmed if it asks.
            this.pos = opening;
            if (stripBefore) text = text.trimEnd();
            flush();
            return parts;
          }
          if (stripBefore) text = text.trimEnd();
          if (stripNext) text = text.trimStart();
          flush();
          const part = this.directive(word, end);
          parts.push(part.part);
          stripNext = part.stripAfter;
          continue;
        }
        if (stripBefore) text = text.trimEnd();
        flush();
        const expr = this.expression(true);
        this.ws(true);
        stripNext = this.peek('~');
        if (stripNext) this.pos++;
        this.expect('}', 'closing brace of the interpolation');
        parts.push({ k: 'expr', expr });
        continue;
      } else if (end === '"' && c === '\\') {
        const e = t[this.pos + 1] ?? '';
        if (e === 'u' || e === 'U') {
          const digits = e === 'u' ? 4 : 8;
          const hex = t.slice(this.pos + 2, this.pos + 2 + digits);
          if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== digits) this.fail('Invalid escape sequence');
          const code = parseInt(hex, 16);
          if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) this.fail('Invalid escape sequence');
          text += String.fromCodePoint(code);
          this.pos += 2 + digits;
        } else {
          const plain = ESCAPES[e];
          if (plain === undefined) this.fail('Invalid escape sequence');
          text += plain;
          this.pos += 2;
        }
      } else {
        // A run of plain characters, up to the next one that may mean something.
        TEMPLATE_SPECIAL.lastIndex = this.pos + 1;
        const next = TEMPLATE_SPECIAL.exec(t)?.index ?? t.length;
        text += t.slice(this.pos, next);
        this.pos = next;
      }
      if (stripNext) {
        text = text.trimStart();
        stripNext = text === '';
      }
    }
    flush();
    return parts;
  }

  /** A `%{if}` or `%{for}` directive, read up to its `%{endif}` or `%{endfor}`. */
  private directive(word: string | undefined, end: '"' | ''): { part: Part; stripAfter: boolean } {
    this.enter();
    const close = (): boolean => {
      this.ws(true);
      const strip = this.peek('~');
      if (strip) this.pos++;
      this.expect('}', 'closing brace of the directive');
      return strip;
    };
    /** Reads `%{word …}`'s opening (already at `word`). */
    const keyword = (w: string): void => {
      if (!this.text.startsWith(w, this.pos)) this.fail(`Missing %{${w}}`);
      this.pos += w.length;
    };
    const open = (w: string): void => {
      this.expect('%{', `%{${w}}`);
      if (this.peek('~')) this.pos++;
      this.ws(true);
      keyword(w);
    };
    let part: Part;
    let stripAfter: boolean;
    if (word === 'if') {
      this.pos += 2;
      this.ws(true);
      const cond = this.expression(true);
      close();
      const then = this.templateParts(end, ['else', 'endif']);
      let otherwise: Part[] = [];
      const rest = this.text.slice(this.pos, this.pos + 12);
      if (/^%\{~?\s*else/.test(rest)) {
        open('else');
        close();
        otherwise = this.templateParts(end, ['endif']);
      }
      open('endif');
      stripAfter = close();
      part = { k: 'if', cond, then, else: otherwise };
    } else if (word === 'for') {
      this.pos += 3;
      this.ws(true);
      let keyVar: string | undefined;
      let valVar = this.identifier();
      this.ws(true);
      if (this.peek(',')) {
        this.pos++;
        this.ws(true);
        keyVar = valVar;
        valVar = this.identifier();
        this.ws(true);
      }
      if (!valVar || !this.peek('in')) this.fail('Invalid for directive');
      this.pos += 2;
      this.ws(true);
      const coll = this.expression(true);
      close();
      const body = this.templateParts(end, ['endfor']);
      open('endfor');
      stripAfter = close();
      part = { k: 'for', ...(keyVar ? { keyVar } : {}), valVar, coll, body };
    } else this.fail(word ? `Unexpected %{${word}}` : 'Invalid template directive');
    this.leave();
    return { part, stripAfter };
  }

  private template(parts: Part[], start: number, end: number): Expr & { k: 'template' | 'wrap' } {
    const only = parts[0];
    if (parts.length === 1 && only?.k === 'expr') return { k: 'wrap', inner: only.expr, start, end };
    return { k: 'template', parts, start, end };
  }

  /** `<<EOT` or `<<-EOT` (indentation removed), up to the line that is the marker alone. */
  private heredoc(): Expr {
    const start = this.pos;
    this.pos += 2;
    const flush = this.peek('-');
    if (flush) this.pos++;
    const marker = this.identifier();
    if (!marker) this.fail('Invalid heredoc marker');
    if (this.text[this.pos] === '\r') this.pos++;
    if (this.text[this.pos] !== '\n') this.fail('Missing newline after heredoc marker');
    this.pos++;
    const bodyStart = this.pos;
    let lineStart = bodyStart;
    let bodyEnd = -1;
    while (lineStart <= this.text.length) {
      let eol = this.text.indexOf('\n', lineStart);
      if (eol === -1) eol = this.text.length;
      if (this.text.slice(lineStart, eol).trim() === marker) {
        bodyEnd = lineStart;
        this.pos = lineStart + this.text.slice(lineStart, eol).indexOf(marker) + marker.length;
        break;
      }
      lineStart = eol + 1;
    }
    if (bodyEnd === -1) this.fail('Unterminated template string: heredoc never closed', start);
    let body = this.text.slice(bodyStart, bodyEnd);
    if (flush) body = removeIndent(body);
    const inner = new Parser(body, this.base + bodyStart, this.depth);
    return { ...this.template(inner.templateParts('', []), start, this.pos), text: body };
  }
}

/** The length of a line's leading white space (any Unicode space, as HCL counts it). */
const leading = (line: string): number => (/^[^\S\n]*/.exec(line) as RegExpExecArray)[0].length;

/**
 * A `<<-` heredoc's text without the indentation its lines share. As HCL does it: a line of white
 * space alone neither counts nor changes, and neither does a line that starts inside an
 * interpolation running over a line break.
 */
function removeIndent(body: string): string {
  const lines = body.split('\n');
  const text: boolean[] = [];
  let depth = 0;
  for (const line of lines) {
    text.push(depth === 0 && line.trim() !== '');
    for (let i = 0; i < line.length; i++) {
      if (depth === 0) {
        if (line.startsWith('$${', i) || line.startsWith('%%{', i)) i += 2;
        else if (line.startsWith('${', i) || line.startsWith('%{', i)) {
          depth = 1;
          i++;
        }
      } else if (line[i] === '{') depth++;
      else if (line[i] === '}') depth--;
    }
  }
  let indent = Infinity;
  lines.forEach((line, i) => {
    if (text[i]) indent = Math.min(indent, leading(line));
  });
  return indent === Infinity ? body : lines.map((l, i) => (text[i] ? l.slice(indent) : l)).join('\n');
}

/** The JSON of a parsed file, as hcl2json writes it. */
class Converter {
  constructor(private readonly text: string) {}

  /** The expression's source; hcl2json takes a `)` right after it along (its ranges sometimes end before one). */
  private source(e: { start: number; end: number }): string {
    return this.text.slice(e.start, this.text[e.end] === ')' ? e.end + 1 : e.end);
  }

  private wrap(e: Expr): string {
    return `\${${this.source(e)}}`;
  }

  body(items: readonly Item[]): { [key: string]: Json } {
    const out: { [key: string]: Json } = {};
    const blockTypes = new Set<string>();
    for (const item of items) {
      if (item.k !== 'block') continue;
      this.block(item, out);
      blockTypes.add(item.type);
    }
    const seen = new Set<string>();
    for (const item of items) {
      if (item.k !== 'attribute') continue;
      if (seen.has(item.name)) throw new HclSyntaxError(`Attribute redefined: the argument "${item.name}" was already set`, item.start);
      seen.add(item.name);
      out[item.name] = this.expression(item.expr);
    }
    const result = sorted(out);
    // The maps of labels the blocks made are sorted too (the bodies in their arrays, and the
    // attributes' objects, already are).
    for (const type of blockTypes) {
      const labels = result[type];
      if (labels !== null && typeof labels === 'object' && !Array.isArray(labels)) result[type] = sorted(labels, true);
    }
    return result;
  }

  private block(block: Extract<Item, { k: 'block' }>, root: { [key: string]: Json }): void {
    let out = root;
    let key = block.type;
    for (const label of block.labels) {
      const next = out[key];
      if (next === undefined) out[key] = {};
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new HclSyntaxError(`Unable to convert Block to JSON: ${block.type}.${block.labels.join('.')}`, block.start);
      out = out[key] as { [key: string]: Json };
      key = label;
    }
    const value = this.body(block.body);
    const current = out[key];
    if (Array.isArray(current)) current.push(value);
    else if (current === undefined) out[key] = [value];
    else throw new HclSyntaxError(`Unable to convert Block to JSON: ${block.type}.${block.labels.join('.')}`, block.start);
  }

  expression(e: Expr): Json {
    switch (e.k) {
      case 'literal':
        return e.value;
      case 'unary':
        if (e.operand.k === 'literal') {
          // hcl2json evaluates an operator on a literal, and refuses the file when the types do not fit.
          if (e.op === '-' && typeof e.operand.value === 'number') return -e.operand.value;
          if (e.op === '!' && typeof e.operand.value === 'boolean') return !e.operand.value;
          throw new HclSyntaxError(`Invalid operand: ${e.op === '-' ? 'a number' : 'a bool'} required`, e.start);
        }
        return this.wrap(e);
      case 'template':
        return e.text === undefined ? this.parts(e.parts) : new Converter(e.text).parts(e.parts);
      case 'wrap':
        return e.text === undefined ? this.expression(e.inner) : new Converter(e.text).expression(e.inner);
      case 'tuple':
        return e.items.map((i) => this.expression(i));
      case 'object': {
        const out: { [key: string]: Json } = {};
        // A bare name is the key as written, a keyword too (`null = …` is the key "null").
        for (const { key, value } of e.items) out[key.k === 'traversal' || (key.k === 'literal' && typeof key.value !== 'number') ? this.source(key) : this.part(key)] = this.expression(value);
        return sorted(out);
      }
      default:
        return this.wrap(e);
    }
  }

  parts(parts: readonly Part[]): string {
    let out = '';
    for (const p of parts) {
      if (p.k === 'text') out += p.text;
      else if (p.k === 'expr') out += this.part(p.expr);
      else if (p.k === 'if') {
        const otherwise = this.parts(p.else);
        out += `%{if ${this.source(p.cond)}}${this.parts(p.then)}${otherwise ? `%{else}${otherwise}` : ''}%{endif}`;
      } else out += `%{for ${p.keyVar ? `${p.keyVar}, ` : ''}${p.valVar} in ${this.source(p.coll)}}${this.parts(p.body)}%{endfor}`;
    }
    return out;
  }

  /** An interpolated expression inside a string. */
  part(e: Expr): string {
    switch (e.k) {
      case 'literal':
        return e.value === null ? '' : String(e.value);
      case 'template':
        return e.text === undefined ? this.parts(e.parts) : new Converter(e.text).parts(e.parts);
      case 'wrap':
        return e.text === undefined ? this.part(e.inner) : new Converter(e.text).part(e.inner);
      case 'conditional': {
        const otherwise = this.part(e.else);
        return `%{if ${this.source(e.cond)}}${this.part(e.then)}${otherwise ? `%{else}${otherwise}` : ''}%{endif}`;
      }
      default:
        return this.wrap(e);
    }
  }
}

/** An object with its keys in Go's order for maps (byte order), as hcl2json's JSON has them; with `deep`, the objects in it too (not those in arrays). */
function sorted(o: { [key: string]: Json }, deep = false): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const k of Object.keys(o).sort()) {
    const v = o[k] as Json;
    out[k] = deep && v !== null && typeof v === 'object' && !Array.isArray(v) ? sorted(v, true) : v;
  }
  return out;
}

/** A `.tf` file's text as hcl2json's JSON; throws HclSyntaxError. */
export function hclToJson(text: string): { [key: string]: Json } {
  const parser = new Parser(text);
  const items = parser.body(false);
  return new Converter(text).body(items);
}
