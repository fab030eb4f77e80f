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
