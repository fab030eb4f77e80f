// The one redaction engine every output goes through. A secret is shown as its first four
// characters, an ellipsis and its length; `scrub` replaces every whole secret found in a string.

export function redact(secret: string): string {
  const head = secret.length > 12 ? secret.slice(0, 4) : '';
  return `${head}…(${secret.length} chars)`;
}

/** Replaces each whole occurrence of any of the secrets in `text` with its redacted form. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 6 || !out.includes(s)) continue;
    out = out.split(s).join(redact(s));
  }
  return out;
}

/** Deep-scrubs every string inside a JSON-like value. */
export function scrubDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return scrub(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubDeep(v, secrets)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, secrets);
    return out as T;
  }
  return value;
}

/** Values that are credentials by their place: a URL's password, or the value of a key named for a secret. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@'"]*:)([^@\s'"/]{3,})@/gi;
const SECRET_VALUE = /((?:["']?[\w.-]*(?:token|secret|password|passwd|api[_-]?key|access[_-]?key|private[_-]?key|auth)[\w.-]*["']?)\s*[:=]\s*["']?)([^\s"',}]{6,})/gi;
/** Token shapes with a fixed prefix (GitHub, GitLab, Slack, OpenAI/Anthropic-style, AWS, npm, Stripe). */
const PREFIXED = /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{16,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,}|AKIA[A-Z0-9]{16}|npm_[A-Za-z0-9]{30,}|[rs]k_live_[A-Za-z0-9]{16,})\b/g;

/**
 * Masks what looks like a credential in text that is shown whole (a diff of a config file):
 * URL passwords, values of keys named for secrets, and prefixed token shapes. Variable
 * references (`${…}`, `$VAR`) are left as they are.
 */
export function maskLikelySecrets(text: string): string {
  return text
    .replace(URL_PASSWORD, (m, head: string, pass: string) => (/^\$/.test(pass) ? m : `${head}${redact(pass)}@`))
    .replace(SECRET_VALUE, (m, head: string, value: string) => (/^(\$|<|\{\{|true$|false$|null$)/.test(value) ? m : `${head}${redact(value)}`))
    .replace(PREFIXED, (t) => redact(t));
}
