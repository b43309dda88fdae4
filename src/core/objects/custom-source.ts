import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { BoundSource, SourceSite, VolumeSource } from './source';
import { deprecatedSourceFindings } from '../policy/deprecated-sources';
import { KubernetesVersion } from '../policy/version';
import { Capabilities } from '../rules/access';
import { ErrorKind, FieldError, Finding, forbidden, invalid, required } from '../rules/errors';
import { FieldPath, quote } from '../rules/field-path';
import { K8sStruct, k8sShape, k8sStruct } from '../rules/k8s-types';
import { booleanShape, elementShape, given, isPlainObject, isString, listOf, listShape, oneOfShape, shown, stringShape } from '../rules/shapes';

/** What a carrier tells a volume source when it binds it. */
export interface VolumeSourceBindOptions {
  /** The Kubernetes version the carrier is synthesized for: a source can write another field at another version. */
  readonly kubernetesVersion: KubernetesVersion;
  /** The Pod volume's name, or the PersistentVolume's. A Pod volume's `volume` carries this name. */
  readonly name: string;
  /** True where a PersistentVolume carries the source (it writes `persistentVolumeSpec`), false in a Pod (`volume`). */
  readonly persistentVolume: boolean;
}

/** The kinds of problem a source reports, in kube-apiserver's words (apimachinery's `field.ErrorType`). */
export enum VolumeSourceProblemType {
  /** `Required value` */
  REQUIRED = 'Required value',
  /** `Invalid value` */
  INVALID = 'Invalid value',
  /** `Unsupported value` */
  UNSUPPORTED = 'Unsupported value',
  /** `Forbidden` */
  FORBIDDEN = 'Forbidden',
}

/** One problem a source found with its own inputs, reported at synth with the carrier's other errors. */
export interface VolumeSourceProblem {
  /**
   * The field, as the manifest spells it, under the source's field: `targetWWNs[0]` for
   * `spec.fc.targetWWNs[0]`; `""` for the source's field itself.
   */
  readonly field: string;

  /** What kind of problem. */
  readonly type: VolumeSourceProblemType;

  /**
   * The bad value as the message shows it. Never key material: leave it out for a secret.
   *
   * @default - none shown
   */
  readonly value?: string;

  /** What is allowed, or what to do. */
  readonly detail: string;
}

/**
 * What a source writes in one carrier, and what it serves there. All in the generated `k8s`
 * types of cdk8s-plus-27 (`k8s.FcVolumeSource`, …), with their field names, so that the carrier
 * writes it through the same converters as every other volume, and checks it against the same
 * declarations: a field they do not declare, a value of another type or a missing required field
 * is an error at synth.
 */
export interface VolumeSourceBinding {
  /**
   * In a Pod: the volume, named `options.name`, with exactly one source field (`fc`, `cinder`, …).
   *
   * @default - none: a Pod volume carrying the source is an error (the source serves PersistentVolumes only)
   */
  readonly volume?: k8s.Volume;

  /**
   * In a PersistentVolume: the spec's one source field (`local`, `fc`, `csi`, …) and nothing
   * else. Capacity, access modes, class, mount options, node affinity, reclaim policy and volume
   * mode are the PersistentVolume's props.
   *
   * @default - none: a PersistentVolume carrying the source is an error (the source serves Pods only)
   */
  readonly persistentVolumeSpec?: k8s.PersistentVolumeSpec;

  /**
   * The access modes the plugin serves: a PersistentVolume that asks for another one is an error at synth.
   *
   * @default - all four: the plugin decides, when it mounts
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * Why the plugin serves only `accessModes`, shown with the error.
   *
   * @default - none
   */
  readonly accessModesReason?: string;

  /**
   * Whether the plugin serves raw block devices (`volumeMode: Block`).
   *
   * @default true
   */
  readonly block?: boolean;

  /**
   * Whether the plugin takes mount options (`spec.mountOptions`): the kubelet refuses them for
   * plugins that do not.
   *
   * @default true
   */
  readonly mountOptions?: boolean;

  /**
   * What the source found wrong with its own inputs, reported at synth with the carrier's errors.
   *
   * @default - none
   */
  readonly problems?: VolumeSourceProblem[];
}

/**
 * A volume source of any plugin, written by you in any of jsii's languages: what a Pod volume
 * (`CustomVolume`, or a `StorageVolume` subclass) and a PersistentVolume
 * (`CustomPersistentVolume`, or a `StoragePersistentVolume` subclass) carry. The carrier binds it
 * once, at construction, and checks and writes what `bind` returns.
 */
export interface IVolumeSource {
  /**
   * What the source writes in this carrier. Called once per carrier, in its constructor. A Secret
   * the source needs belongs in `scope` (the carrier), and only its name in the binding.
   */
  bind(scope: Construct, options: VolumeSourceBindOptions): VolumeSourceBinding;
}

/** What `CustomVolume` and `CustomPersistentVolume` take besides their carrier's props. */
export interface CustomSourceOptions {
  /**
   * The source the carrier binds: in a Pod, its `bind` returns the `volume`; in a
   * PersistentVolume, the `persistentVolumeSpec`'s source field. In the generated `k8s` types.
   */
  readonly source: IVolumeSource;
}

/** The source in props a JavaScript or Python caller may have given as anything (its shape is the carrier's rule). */
export function sourceOf(props: unknown): IVolumeSource {
  return (isPlainObject(props) ? props.source : undefined) as IVolumeSource;
}

/** The fields of a PersistentVolume's spec that are the volume's own props, not its source. */
const PV_OWN = new Set(['accessModes', 'capacity', 'claimRef', 'mountOptions', 'nodeAffinity', 'persistentVolumeReclaimPolicy', 'storageClassName', 'volumeMode', 'volumeAttributesClassName']);
const ALL_MODES = Object.values(kplus.PersistentVolumeAccessMode);

/*
 * The order in which kube-apiserver looks at the source fields (manifest names): the first one it
 * finds is the volume's source, and every later one is "may not specify more than 1 volume type".
 * pkg/apis/core/validation/validation.go, v1.37: validateVolumeSource and ValidatePersistentVolumeSpec.
 */
const POD_ORDER = ['emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs', 'flocker',
  'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap', 'azureFile', 'vsphereVolume',
  'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image'];
const PV_ORDER = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi', 'cinder',
  'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO', 'local', 'storageos', 'csi'];

/** The source fields given (code names), in kube-apiserver's order; a field it does not list (newer than v1.37) last. */
function sourceFields(struct: K8sStruct, content: Record<string, unknown>, inPv: boolean): string[] {
  const order = inPv ? PV_ORDER : POD_ORDER;
  const rank = (k: string): number => {
    const i = order.indexOf(struct.fields.get(k)!.json);
    return i < 0 ? order.length : i;
  };
  return Object.keys(content).filter((k) => given(content[k]) && struct.fields.has(k) && k !== 'name' && !PV_OWN.has(k)).sort((a, b) => rank(a) - rank(b));
}
const SOURCE = FieldPath.root('source');

/** A user's source as the carriers' `VolumeSource`: one form at every version, chosen by the source itself. */
export function customSource(source: unknown): VolumeSource {
  return {
    form: () => ({ kind: 'in-tree', deprecated: false }),
    policyRules: () => [],
    bind: (site) => bindCustom(source, site),
  };
}

function isVolumeSource(v: unknown): v is IVolumeSource {
  return typeof v === 'object' && v !== null && typeof (v as IVolumeSource).bind === 'function';
}

function bindCustom(source: unknown, site: SourceSite): BoundSource {
  const inPv = site.persistentVolume !== undefined;
  const errs: Finding[] = [];
  let binding: unknown;
  if (!isVolumeSource(source)) {
    errs.push(invalid(SOURCE, shown(source), 'must be an IVolumeSource: an object with a bind(scope, options) method'));
  } else {
    try {
      binding = source.bind(site.scope, { kubernetesVersion: site.version, name: site.name, persistentVolume: inPv });
    } catch (e) {
      errs.push(invalid(SOURCE, 'bind()', `the source's bind() threw: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  if (errs.length === 0 && !isPlainObject(binding)) errs.push(invalid(SOURCE, shown(binding), 'bind() must return a VolumeSourceBinding (an object)'));
  const b: Partial<Record<keyof VolumeSourceBinding, unknown>> = isPlainObject(binding) ? binding : {};
  const content = inPv ? b.persistentVolumeSpec : b.volume;
  const struct = k8sStruct(inPv ? 'PersistentVolumeSpec' : 'Volume')!;
  const fields = isPlainObject(content) ? sourceFields(struct, content, inPv) : [];
  const field = fields[0] ?? '';
  const value = isPlainObject(content) ? content[field] : undefined;
  if (errs.length === 0) {
    const json = struct.fields.get(field)?.json ?? field;
    errs.push(...contentRules(site, struct, inPv, content, fields), ...bindingShapes(b), ...problems(site.root.child(json), b.problems));
    if (field !== '') errs.push(...deprecatedSourceFindings(json, site.root, site.version, inPv));
  }
  // the modes as declared once they are all modes (else their shape is the error, and the PV's modes go unchecked)
  const declared = Array.isArray(b.accessModes) ? Array.from(b.accessModes as unknown[]) : undefined;
  const isMode = (m: unknown): m is kplus.PersistentVolumeAccessMode => ALL_MODES.includes(m as kplus.PersistentVolumeAccessMode);
  const modes = declared?.every(isMode) ? declared as kplus.PersistentVolumeAccessMode[] : ALL_MODES;
  const capabilities: Capabilities = {
    accessModes: modes,
    accessModesWhy: isString(b.accessModesReason) ? b.accessModesReason : '',
    block: b.block !== false,
    blockWhy: 'the source says its plugin serves no raw block devices (VolumeSourceBinding.block)',
    mountOptions: b.mountOptions !== false,
  };
  return {
    field,
    fields,
    readOnly: isPlainObject(value) && value.readOnly === true,
    capabilities: () => capabilities,
    rules: () => errs,
    // every source field given, so that a second one reaches the YAML as the source wrote it (synth refuses it first)
    render: () => Object.fromEntries(fields.map((k) => [k, (content as Record<string, object>)[k]])),
  };
}

/** kube-apiserver's one-source rule, the carrier's own fields, and the generated type's shape. */
function contentRules(site: SourceSite, struct: K8sStruct, inPv: boolean, content: unknown, fields: readonly string[]): FieldError[] {
  const root = site.root;
  const what = inPv ? 'persistentVolumeSpec' : 'volume';
  if (!given(content)) {
    return [required(root, `must specify a volume type: the source's bind() gave no ${what}, so it serves no ${inPv ? 'PersistentVolume' : 'Pod volume'}`)];
  }
  const type = inPv ? 'PersistentVolumeSpec' : 'Volume';
  if (!isPlainObject(content)) return k8sShape(root, type, content);
  // a Pod volume's name is the carrier's: checked against it below
  const errs = k8sShape(root, type, inPv ? content : { ...content, name: site.name });
  const json = (k: string): string => struct.fields.get(k)?.json ?? k;
  if (!inPv && given(content.name) && content.name !== site.name) {
    errs.push(invalid(root.child('name'), shown(content.name), `must be the volume's name, options.name (${quote(site.name)})`));
  }
  if (inPv) {
    for (const k of Object.keys(content).filter((x) => PV_OWN.has(x) && given(content[x]))) {
      errs.push(forbidden(root.child(json(k)), 'the PersistentVolume\'s own field, set in its props: the source writes its source field only'));
    }
  }
  if (fields.length === 0) errs.push(required(root, 'must specify a volume type'));
  for (const k of fields.slice(1)) errs.push(forbidden(root.child(json(k)), 'may not specify more than 1 volume type'));
  return errs;
}

function bindingShapes(b: Partial<Record<keyof VolumeSourceBinding, unknown>>): FieldError[] {
  const at = SOURCE.child('bind()');
  return [
    ...booleanShape(at.child('block'), b.block),
    ...booleanShape(at.child('mountOptions'), b.mountOptions),
    ...stringShape(at.child('accessModesReason'), b.accessModesReason),
    // Array.from: a hole in a sparse list is an element of its own, not skipped
    ...listShape(at.child('accessModes'), Array.isArray(b.accessModes) ? Array.from(b.accessModes as unknown[]) : b.accessModes,
      (p, m) => (isString(m) ? oneOfShape(p, m, ALL_MODES) : elementShape(p, m, () => false, 'an access mode, such as PersistentVolumeAccessMode.READ_WRITE_ONCE')),
      'a list of access modes, such as [PersistentVolumeAccessMode.READ_WRITE_ONCE]'),
    ...listShape(at.child('problems'), b.problems, undefined, 'a list of VolumeSourceProblem'),
  ];
}

const KINDS: Record<string, ErrorKind> = {
  [VolumeSourceProblemType.REQUIRED]: ErrorKind.REQUIRED,
  [VolumeSourceProblemType.INVALID]: ErrorKind.INVALID,
  [VolumeSourceProblemType.UNSUPPORTED]: ErrorKind.UNSUPPORTED,
  [VolumeSourceProblemType.FORBIDDEN]: ErrorKind.FORBIDDEN,
};

/** The source's own problems, at `<source field>.<problem field>`. */
function problems(at: FieldPath, list: unknown): FieldError[] {
  // Array.from: a hole in a sparse list is a problem of its own, not skipped
  return Array.from(listOf(Array.isArray(list) ? list : []), (p: unknown, i) => {
    const q: Partial<Record<keyof VolumeSourceProblem, unknown>> = isPlainObject(p) ? p : {};
    const kind = isString(q.type) ? KINDS[q.type] : undefined;
    if (!isPlainObject(p) || !isString(q.field) || !kind || !isString(q.detail)) {
      return invalid(SOURCE.child('bind()', 'problems').index(i), shown(p),
        'must be a VolumeSourceProblem: { field: string, type: VolumeSourceProblemType, detail: string, value?: string }');
    }
    return { path: q.field === '' ? at : at.child(q.field), kind, value: isString(q.value) ? q.value : undefined, detail: q.detail };
  });
}
