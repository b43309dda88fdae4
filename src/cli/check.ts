import { LineCounter, parseAllDocuments } from 'yaml';
import { InputObject, Json, POD_SPECS, appFindings, isObject, podSpecOf } from './objects';
import { sourceFindings } from './sources';
import { PLUGINS, Plugin, manifestPluginRules } from '../core/policy/plugin-policy';
import { KubernetesVersion } from '../core/policy/version';
import { Finding, formatErrorMessage, isWarning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';

/*
 * `cdk8s-storage check`: the library's version policy applied to manifests it did not write (Helm
 * output, kustomize trees, plain YAML). It reads every in-tree volume source of Pods and Pod
 * templates, PersistentVolumes and in-tree StorageClass provisioners, and asks the same table the
 * constructs ask (core/policy/plugin-policy.ts) what that source means at the target; then the backends'
 * source rules, by the constructs built from the sources (./sources.ts), and the app-wide checks of
 * the constructs (./objects.ts) on the input's volumes, claims and workloads.
 */

/** One finding of the check, as `--format json` prints it. */
export interface CheckFinding {
  readonly file: string;
  /** The line of the object's first line in the file, where known. */
  readonly line?: number;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  /** The field path in the object, as kube-apiserver writes it (`spec.template.spec.volumes[0].rbd`). */
  readonly path: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The CSI driver (or the move) that replaces the source, where one exists. */
  readonly replacement?: string;
}

/** A file that could not be read or parsed: reported, and the other files are still checked. */
export interface InputProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/** What one check found. */
export interface CheckResult {
  readonly findings: CheckFinding[];
  readonly problems: InputProblem[];
  /** Objects read, and how many of them are of kinds the check has no rules for. */
  readonly objects: number;
  readonly skipped: number;
}

/** The in-tree provisioners of the plugins the policy knows. */
const PROVISIONERS: Record<string, Plugin> = {
  'kubernetes.io/rbd': Plugin.RBD,
  'kubernetes.io/glusterfs': Plugin.GLUSTERFS,
  'kubernetes.io/azure-file': Plugin.AZURE_FILE,
};

const PLUGIN_OF_FIELD = new Map(Object.values(Plugin).map((p) => [PLUGINS[p].field, p] as const));


/** The findings of one object: its in-tree sources, each judged at the target. */
export function objectFindings(obj: Json, target: KubernetesVersion): Array<Finding & { replacement?: string }> {
  const kind = obj.kind;
  const out: Array<Finding & { replacement?: string }> = [];
  const judge = (plugin: Plugin, at: FieldPath, provisioner = false) => {
    const verdict = manifestPluginRules(plugin, target, at, provisioner);
    for (const f of verdict.findings) out.push({ ...f, replacement: verdict.replacement });
  };
  const sources = (holder: unknown, at: FieldPath) => {
    if (!isObject(holder)) return;
    for (const key of Object.keys(holder)) {
      const plugin = PLUGIN_OF_FIELD.get(key);
      if (plugin !== undefined && holder[key] !== undefined && holder[key] !== null) judge(plugin, at.child(key));
    }
  };
  if (typeof kind !== 'string') return out;
  if (kind in POD_SPECS) {
    const volumes = podSpecOf(obj)?.volumes;
    const at = FieldPath.root(...POD_SPECS[kind], 'volumes');
    if (Array.isArray(volumes)) volumes.forEach((v, i) => sources(v, at.index(i)));
  } else if (kind === 'PersistentVolume') {
    sources(obj.spec, FieldPath.root('spec'));
  } else if (kind === 'StorageClass') {
    const plugin = typeof obj.provisioner === 'string' ? PROVISIONERS[obj.provisioner] : undefined;
    if (plugin !== undefined) judge(plugin, FieldPath.root('provisioner'), true);
  }
  return out;
}

/** Whether the check has rules for objects of this kind. */
export function isCheckedKind(kind: unknown): boolean {
  return typeof kind === 'string' && (kind in POD_SPECS || kind === 'PersistentVolume' || kind === 'PersistentVolumeClaim' || kind === 'StorageClass');
}

/** The objects of several inputs, in order, with what could not be read. */
export interface ReadResult {
  /** Every Kubernetes object read (of any kind). */
  readonly objects: InputObject[];
  readonly problems: InputProblem[];
  /** Documents read, objects or not. */
  readonly count: number;
}

/** Reads the documents of several inputs (`file` names them): objects, `List`s, problems with file and line. */
export function readObjects(inputs: ReadonlyArray<{ readonly file: string; readonly text: string }>): ReadResult {
  const objects: InputObject[] = [];
  const problems: InputProblem[] = [];
  let count = 0;
  for (const { file, text } of inputs) {
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [];
    for (const doc of list) {
      if (doc.errors.length > 0) {
        for (const e of doc.errors) problems.push({ file, line: lines.linePos(e.pos[0]).line, message: `invalid YAML: ${e.message.split('\n')[0]}` });
        continue;
      }
      // the line of the object's first key (a document's range starts at its '---')
      const start = doc.contents?.range?.[0] ?? doc.range?.[0];
      const line = start !== undefined ? lines.linePos(start).line : undefined;
      for (const obj of flatten(doc.toJS({ maxAliasCount: 1000 }))) {
        count++;
        if (!isObject(obj) || typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string') {
          problems.push({ file, line, message: 'not a Kubernetes object: it needs apiVersion and kind' });
          continue;
        }
        objects.push({ obj, file, line });
      }
    }
  }
  return { objects, problems, count };
}

/** Checks the documents of several inputs (`file` names them in the results) at one target. */
export function check(inputs: ReadonlyArray<{ readonly file: string; readonly text: string }>, target: KubernetesVersion): CheckResult {
  const findings: CheckFinding[] = [];
  const read = readObjects(inputs);
  const objs = read.objects.filter((o) => isCheckedKind(o.obj.kind));
  const skipped = read.objects.length - objs.length;
  const app = appFindings(objs, target);
  for (const input of objs) {
    const { obj, file, line } = input;
    const metadata = isObject(obj.metadata) ? obj.metadata : {};
    for (const f of [...objectFindings(obj, target), ...sourceFindings(obj, target), ...(app.get(input) ?? [])]) {
      findings.push({
        file,
        line,
        kind: obj.kind as string,
        namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
        name: typeof metadata.name === 'string' ? metadata.name : undefined,
        path: f.path.toString(),
        severity: isWarning(f) ? 'warning' : 'error',
        message: isWarning(f) ? f.warning : formatErrorMessage(f),
        replacement: (f as { replacement?: string }).replacement,
      });
    }
  }
  return { findings, problems: read.problems, objects: read.count, skipped };
}

/** A document is one object, a `List` of them, or empty. */
function flatten(doc: unknown): unknown[] {
  if (doc === null || doc === undefined) return [];
  if (isObject(doc) && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items)) return doc.items.flatMap(flatten);
  return [doc];
}

/** The findings as text, one line each, in the synth errors' shape. */
export function formatText(result: CheckResult, target: KubernetesVersion): string {
  const lines: string[] = [];
  for (const p of result.problems) lines.push(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  for (const f of result.findings) {
    const who = `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name ?? '(no name)'}`;
    const head = f.severity === 'warning' ? 'Warning: ' : '';
    lines.push(`${head}${f.file}${f.line ? `:${f.line}` : ''} [${who}] ${f.path}: ${f.message}`);
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  lines.push(`${result.objects} object(s) checked at Kubernetes ${target.name} (${result.skipped} of kinds without storage rules): ` +
    `${errors} error(s), ${result.findings.length - errors} warning(s)${result.problems.length ? `, ${result.problems.length} input problem(s)` : ''}`);
  return lines.join('\n');
}
