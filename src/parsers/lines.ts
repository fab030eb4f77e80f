// Offsets to 1-based line and column, for parsers that report character offsets.

export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of a 0-based character offset. */
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }

  /** 0-based offset of the start of a 1-based line. */
  offsetOf(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1] ?? 0;
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.offsetOf(line);
    const next = line < this.starts.length ? (this.starts[line] ?? this.text.length) : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, '');
  }
}
