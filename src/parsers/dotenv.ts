// dotenv files: `KEY=value`, `export KEY=value`, quoted values (double quotes may span lines),
// inline comments after unquoted values. Positions point at the value.

export interface EnvEntry {
  key: string;
  value: string;
  /** 1-based line and column of the value's first character. */
  line: number;
  column: number;
  quoted: boolean;
}

const ENTRY = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*[=:]\s*)(.*)$/;

export function parseDotenv(text: string): EnvEntry[] {
  const lines = text.split(/\r?\n/);
  const entries: EnvEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ENTRY.exec(lines[i] ?? '');
    if (!m) continue;
    const [, lead = '', key = '', sep = '', rest = ''] = m;
    const column = lead.length + key.length + sep.length + 1;
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      let body = rest.slice(1);
      let end = body.indexOf(quote);
      let j = i;
      while (end === -1 && quote === '"' && j + 1 < lines.length && j - i < 200) {
        j++;
        body += '\n' + (lines[j] ?? '');
        end = body.indexOf(quote);
      }
      entries.push({ key, value: end === -1 ? body : body.slice(0, end), line: i + 1, column: column + 1, quoted: true });
      i = j;
    } else {
      const value = rest.replace(/\s+#.*$/, '').trim();
      entries.push({ key, value, line: i + 1, column, quoted: false });
    }
  }
  return entries;
}
