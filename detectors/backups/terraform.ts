// Terraform plumbing shared by the cloud backup detectors: resources of one module (a directory's
// `.tf` files are one module, so a bucket and its versioning resource may sit in different files),
// static values versus `var.`/`local.`/reference expressions, and where a block or attribute sits.

import { hclPosition } from '../../src/parsers/hcl.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import type { Location } from '../../src/engine/types.js';

export type Attrs = Record<string, unknown>;

export const TERRAFORM_FILES = ['**/*.tf', '**/*.tf.json'];

export interface TfResource {
  type: string;
  name: string;
  attrs: Attrs;
  file: SourceFile;
}

/** A `${…}` expression (variable, local, reference): unknown statically. */
export const unresolved = (v: unknown): boolean => typeof v === 'string' && v.includes('${');

/** true, false, or undefined when absent or not static. */
export function flag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** A nested block as a list (hcl2json gives arrays, `.tf.json` may give a single object). */
export function blocks(v: unknown): Attrs[] {
  if (Array.isArray(v)) return v.filter((b): b is Attrs => typeof b === 'object' && b !== null);
  return typeof v === 'object' && v !== null ? [v as Attrs] : [];
}

/** The first nested block of a path such as `['settings', 'backup_configuration']`, if present. */
export function block(attrs: Attrs, path: readonly string[]): Attrs | undefined {
  let cur: Attrs | undefined = attrs;
  for (const key of path) cur = cur ? blocks(cur[key])[0] : undefined;
  return cur;
}

/** The `type.name` a reference expression such as `${aws_s3_bucket.b.id}` points at. */
export function referenced(v: unknown, type: string): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = new RegExp(`^\\$\\{${type}\\.([A-Za-z0-9_-]+)(?:\\[[^\\]]*\\])?\\.[a-z_]+\\}$`).exec(v.trim());
  return m?.[1];
}

/** Every resource of the scanned Terraform files, grouped by module directory. */
export function terraformModules(files: readonly SourceFile[]): Map<string, TfResource[]> {
  const modules = new Map<string, TfResource[]>();
  for (const file of files) {
    const hcl = file.hcl();
    const resources = (hcl.value?.resource ?? {}) as Record<string, Record<string, unknown>>;
    const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '.';
    const list = modules.get(dir) ?? [];
    for (const [type, byName] of Object.entries(resources)) {
      for (const [name, body] of Object.entries(byName ?? {})) list.push({ type, name, attrs: blocks(body)[0] ?? {}, file });
    }
    modules.set(dir, list);
  }
  return modules;
}

/** Where a resource (or the first occurrence of an attribute or block inside it) sits. */
export function resourceAt(r: TfResource, attribute?: string): Location {
  const pos = (attribute ? hclPosition(r.file.text, 'resource', [r.type, r.name], attribute) : undefined) ?? hclPosition(r.file.text, 'resource', [r.type, r.name]);
  return r.file.at(pos?.line ?? 1, pos?.column ?? 1);
}

/** Where the n-th (0-based) `name {` block inside a resource sits; the resource header when not found. */
export function nestedBlockAt(r: TfResource, name: string, n: number): Location {
  const header = resourceAt(r);
  const lines = r.file.text.split('\n');
  const re = new RegExp(`^[ \\t]*${name}[ \\t]*\\{`);
  let seen = 0;
  for (let i = header.line; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!re.test(line)) continue;
    if (seen++ === n) return r.file.at(i + 1, line.search(/\S/) + 1);
  }
  return header;
}

/** Stable fact id of a Terraform resource, the same one terraform-rds.ts gives a database. */
export const resourceId = (r: TfResource): string => `terraform:${r.file.path}#${r.type}.${r.name}`;
