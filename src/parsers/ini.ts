// INI files (AWS credentials and config, .npmrc, .pypirc, gcloud properties, git config):
// sections and `key = value` entries with their line.

export interface IniEntry {
  section: string;
  key: string;
  value: string;
  line: number;
  column: number;
}

export function parseIni(text: string): IniEntry[] {
  const entries: IniEntry[] = [];
  let section = '';
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[\s*([^\]]*?)\s*\]/.exec(trimmed);
    if (header) {
      section = header[1] ?? '';
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s?(.*)$/.exec(trimmed);
    if (!kv) continue;
    const key = (kv[1] ?? '').trim();
    const value = (kv[2] ?? '').trim().replace(/^"(.*)"$/, '$1');
    const column = line.indexOf(kv[2] ?? '', line.indexOf(key) + key.length) + 1;
    entries.push({ section, key, value, line: i + 1, column: column > 0 ? column : 1 });
  }
  return entries;
}
