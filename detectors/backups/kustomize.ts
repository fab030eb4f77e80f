// Kustomize, as far as the backup rules need it: which manifest files a kustomization renders
// (`resources:`, files and folders with their own kustomization, followed in a loop), the namespace
// it sets, and its strategic-merge patches (`patches:` with a path or an inline patch,
// `patchesStrategicMerge:`), so a backup job is judged as the overlay deploys it: the namespace the
// overlay gives it, an upload step or a volume a patch adds. JSON 6902 patches, components,
// generators and remote resources are not read.

import { posix } from 'node:path';
import type { SourceFile } from '../../src/engine/source-file.js';
import { parseYaml, yamlValue } from '../../src/parsers/yaml.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const KUSTOMIZATION = /(?:^|\/)(?:kustomization\.ya?ml|Kustomization)$/;
const NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Where a piece of a rendered object was written: a document of a file and the path to it. */
interface Origin {
  file: SourceFile;
  root: unknown;
  path: (string | number)[];
}

/** A strategic-merge patch: the object it merges and where it is written. */
export interface Patch {
  kind: string;
  name: string;
  value: Obj;
  origin: Origin;
}

interface Kustomization {
  file: SourceFile;
  namespace?: string;
  /** Manifest files and kustomization files it renders, by path. */
  resources: string[];
  patches: Patch[];
}

/** One rendering of a manifest file: the patches applied over it (innermost kustomization first) and the namespace set last. */
export interface Rendering {
  namespace?: string;
  patches: Patch[];
}

/** At most this many kustomization files are followed from one overlay. */
const MAX_KUSTOMIZATIONS = 64;
/** At most this many different renderings of one manifest file (one per overlay: dev, staging, prod …). */
const MAX_RENDERINGS = 32;
/** At most this many resource entries are visited across all overlays. */
const MAX_VISITS = 100_000;

function patchesOf(k: SourceFile, root: unknown, v: Obj, lookup: (path: string) => SourceFile | undefined): Patch[] {
  const dir = posix.dirname(k.path);
  const out: Patch[] = [];
  const add = (value: unknown, origin: Origin, target?: Obj): void => {
    const o = obj(value);
    const kind = str(target?.kind) ?? str(o.kind);
    const name = str(target?.name) ?? str(obj(o.metadata).name);
    if (kind && name && !Array.isArray(value)) out.push({ kind, name, value: o, origin });
  };
  const fromFile = (path: string, target?: Obj): void => {
    const f = lookup(posix.join(dir, path));
    const doc = f?.yaml().docs[0];
    if (f && doc) add(yamlValue(doc), { file: f, root: doc.contents, path: [] }, target);
  };
  arr(v.patches).forEach((p, i) => {
    const entry = obj(p);
    const target = Object.keys(obj(entry.target)).length > 0 ? obj(entry.target) : undefined;
    if (typeof entry.path === 'string') fromFile(entry.path, target);
    else if (typeof entry.patch === 'string') {
      const doc = parseYaml(entry.patch).docs[0];
      if (doc) add(yamlValue(doc), { file: k, root, path: ['patches', i] }, target);
    }
  });
  arr(v.patchesStrategicMerge).forEach((p, i) => {
    if (typeof p !== 'string') return;
    if (!p.includes('\n')) return fromFile(p);
    const doc = parseYaml(p).docs[0];
    if (doc) add(yamlValue(doc), { file: k, root, path: ['patchesStrategicMerge', i] });
  });
  return out;
}

function readKustomization(file: SourceFile, lookup: (path: string) => SourceFile | undefined): Kustomization | undefined {
  const doc = file.yaml().docs[0];
  if (!doc) return undefined;
  const v = obj(yamlValue(doc));
  const dir = posix.dirname(file.path);
  const resources: string[] = [];
  for (const r of [...arr(v.resources), ...arr(v.bases)]) {
    if (typeof r !== 'string' || /^[a-z]+:\/\/|^github\.com\/|\?ref=/.test(r)) continue;
    const path = posix.join(dir, r);
    if (lookup(path)) resources.push(path);
    else {
      const k = NAMES.map((n) => `${path}/${n}`).find((p) => lookup(p));
      if (k) resources.push(k);
    }
  }
  return { file, namespace: str(v.namespace), resources, patches: patchesOf(file, doc.contents, v, lookup) };
}

/**
 * Every manifest file the kustomizations render, with each rendering: one per overlay that
 * reaches it (a kustomization no other one names). Files no kustomization names are absent;
 * patch files are listed apart, as they are not deployed on their own.
 */
export function renderings(kustomizationFiles: readonly SourceFile[], lookup: (path: string) => SourceFile | undefined): { byFile: Map<string, Rendering[]>; patchFiles: Set<string> } {
  const byPath = new Map<string, Kustomization>();
  for (const f of kustomizationFiles) {
    const k = readKustomization(f, lookup);
    if (k) byPath.set(f.path, k);
  }
  const named = new Set([...byPath.values()].flatMap((k) => k.resources));
  const out = new Map<string, Rendering[]>();
  // Resource visits, all overlays together: beyond this many the remaining overlays are not
  // followed (their files are judged as written), so a tree of thousands of overlays over one
  // large base stays linear.
  let visits = 0;
  for (const top of [...byPath.values()].filter((k) => !named.has(k.file.path))) {
    // Depth first over the overlay's kustomizations, each carrying the chain above it (outermost first).
    const stack: { k: Kustomization; chain: Kustomization[] }[] = [{ k: top, chain: [top] }];
    const seen = new Set<string>();
    while (stack.length > 0 && seen.size < MAX_KUSTOMIZATIONS && visits < MAX_VISITS) {
      const { k, chain } = stack.pop() as { k: Kustomization; chain: Kustomization[] };
      if (seen.has(k.file.path)) continue;
      seen.add(k.file.path);
      // The outermost namespace is applied last and wins; patches apply innermost first.
      const rendering: Rendering = { namespace: chain.map((c) => c.namespace).find((n) => n !== undefined), patches: [...chain].reverse().flatMap((c) => c.patches) };
      const same = (x: Rendering): boolean => x.namespace === rendering.namespace && x.patches.length === rendering.patches.length && x.patches.every((p, i) => p === rendering.patches[i]);
      for (const r of k.resources) {
        if (++visits > MAX_VISITS) break;
        const inner = byPath.get(r);
        if (inner) {
          stack.push({ k: inner, chain: [...chain, inner] });
          continue;
        }
        // Overlays that deploy a file the same way are one rendering; a file takes at most MAX_RENDERINGS.
        const list = out.get(r) ?? [];
        out.set(r, list);
        if (list.length < MAX_RENDERINGS && !list.some(same)) list.push(rendering);
      }
    }
  }
  const patchFiles = new Set([...byPath.values()].flatMap((k) => k.patches.filter((p) => p.origin.file !== k.file).map((p) => p.origin.file.path)));
  return { byFile: out, patchFiles };
}

const LIST_KEYS: Record<string, string> = { containers: 'name', initContainers: 'name', volumes: 'name', volumeMounts: 'mountPath', env: 'name' };

type Merge = { target: Obj; patch: Obj };

/**
 * A list merged by its key, as strategic merge does for containers and volumes (`name`) and
 * mounts (`mountPath`): an item with the key of a base item is merged into a copy of it (pushed
 * onto `work`), any other item is added.
 */
function mergeList(base: unknown, patch: unknown[], key: string, work: Merge[]): Obj[] {
  const out = arr(base).map(obj);
  const index = new Map<unknown, number>();
  out.forEach((b, i) => {
    if (b[key] !== undefined && !index.has(b[key])) index.set(b[key], i);
  });
  for (const p of patch.map(obj)) {
    const at = p[key] === undefined ? undefined : index.get(p[key]);
    if (at === undefined) {
      if (p[key] !== undefined) index.set(p[key], out.length);
      out.push(p);
    } else {
      const copy = { ...(out[at] as Obj) };
      out[at] = copy;
      work.push({ target: copy, patch: p });
    }
  }
  return out;
}

/**
 * `patch` merged over `base`: maps merged key by key, the lists above by their key, anything else
 * replaced. Walked with an explicit stack of pending merges (at most 10,000), never recursion on
 * the input.
 */
export function mergeObject(base: Obj, patch: Obj): Obj {
  const result: Obj = { ...base };
  const work: Merge[] = [{ target: result, patch }];
  for (let steps = 0; work.length > 0 && steps < 10_000; steps++) {
    const { target, patch: p } = work.pop() as Merge;
    for (const [key, value] of Object.entries(p)) {
      const listKey = Object.hasOwn(LIST_KEYS, key) ? LIST_KEYS[key] : undefined;
      if (listKey && Array.isArray(value)) target[key] = mergeList(target[key], value, listKey, work);
      else if (value !== null && typeof value === 'object' && !Array.isArray(value) && target[key] !== null && typeof target[key] === 'object' && !Array.isArray(target[key])) {
        const copy = { ...(target[key] as Obj) };
        target[key] = copy;
        work.push({ target: copy, patch: value as Obj });
      } else target[key] = value;
    }
  }
  return result;
}

/** Whether a document is a manifest a patch targets (same kind and name). */
export const targets = (patch: Patch, value: Obj): boolean => str(value.kind) === patch.kind && str(obj(value.metadata).name) === patch.name;

