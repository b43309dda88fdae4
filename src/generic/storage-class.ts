import { ApiObject, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { registerStorageObject } from '../core/app/app-checks';
import { AppSlot, AppState } from '../core/app/app-state';
import { addRules } from '../core/app/validation';
import { VolumeClaim } from '../core/objects/claim';
import { metadataNameRules } from '../core/objects/claims';
import { ClaimDataSource, DataSourceFacts } from '../core/objects/data-source';
import { clusterScopedNamespace } from '../core/objects/persistent';
import { severalDefaultClasses } from '../core/policy/plugin-policy';
import { resolveTarget } from '../core/policy/version';
import { FieldError, duplicate, invalid, required, tooLong, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { stringMapRules, textRules } from '../core/rules/manifest-text';
import { metadataOf, metadataShapes } from '../core/rules/metadata';
import { NameRule, makeClusterScoped, qualifiedNameErrors } from '../core/rules/names';
import { booleanShape, instanceShape, isPlainObject, isString, oneOfShape, requiredStringShape, stringListShape, stringMapShape } from '../core/rules/shapes';
import { TopologySelectorTerm, copyTerms, topologyShapes } from '../core/rules/topology';

/**
 * When a claim of a StorageClass is bound and provisioned.
 */
export enum VolumeBindingMode {
  /** As soon as the claim is created. */
  IMMEDIATE = 'Immediate',
  /** When the first Pod that uses the claim is scheduled, so topology can follow the Pod. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

/** A StorageClass in the cluster, made by this app or referenced by name. */
export interface IStorageClass extends kplus.IResource {}


/** What every StorageClass takes, whoever decides its provisioner. */
export interface StorageClassOptions extends kplus.ResourceProps {

  /**
   * What happens to a provisioned volume when its claim is deleted.
   *
   * @default kplus.PersistentVolumeReclaimPolicy.DELETE
   */
  readonly reclaimPolicy?: kplus.PersistentVolumeReclaimPolicy;

  /**
   * When claims of this class are bound and provisioned.
   *
   * @default VolumeBindingMode.IMMEDIATE
   */
  readonly volumeBindingMode?: VolumeBindingMode;

  /**
   * Whether claims of this class may grow by editing their request.
   *
   * @default - not allowed
   */
  readonly allowVolumeExpansion?: boolean;

  /**
   * Mount options of the volumes this class provisions, e.g. `discard`.
   *
   * @default - none
   */
  readonly mountOptions?: string[];

  /**
   * Where provisioned volumes may live; a volume qualifies if any term matches.
   *
   * @default - anywhere
   */
  readonly allowedTopologies?: TopologySelectorTerm[];

  /**
   * Marks this class as the cluster's default, used by claims that set no `storageClassName`.
   *
   * @default false
   */
  readonly isDefault?: boolean;
}

/** Props for `StorageClass`. */
export interface StorageClassProps extends StorageClassOptions {
  /**
   * The provisioner that creates volumes of this class, a qualified name such as
   * `rbd.csi.ceph.com`, or `kubernetes.io/no-provisioner` for a class of static volumes only.
   *
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#provisioner
   */
  readonly provisioner: string;

  /**
   * Parameters passed to the provisioner. At most 512 entries and 256 KiB in all.
   *
   * @default - no parameters
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#parameters
   */
  readonly parameters?: { [key: string]: string };
}

/** Options for a claim of a StorageClass. */
export interface StorageClassClaimOptions {
  /**
   * The access modes the claim asks for.
   *
   * @default - ReadWriteOnce
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /** The size the claim asks for; written exactly as given (512Mi stays 512Mi). */
  readonly storage: Size;

  /**
   * Filesystem or raw block device.
   *
   * @default kplus.PersistentVolumeMode.FILE_SYSTEM
   */
  readonly volumeMode?: kplus.PersistentVolumeMode;

  /**
   * Metadata of the claim.
   *
   * @default - a name derived from the construct path, the namespace of the claim's Chart
   */
  readonly metadata?: import('cdk8s').ApiObjectMetadata;

  /**
   * Where the volume gets its first data: a VolumeSnapshot to restore or a claim to clone, both in
   * the claim's namespace; this class's driver must restore snapshots or clone volumes.
   *
   * @default - an empty volume
   */
  readonly dataSource?: ClaimDataSource;
}

const PARAMS = FieldPath.root('parameters');
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
// kube-apiserver's PersistentVolumeClaimResize admission (plugin/pkg/admission/storage/persistentvolume/resize/admission.go)
// checks only the class's allowVolumeExpansion; what expands is the volume's plugin or driver
const NO_EXPANSION = 'a kubernetes.io/no-provisioner class holds static volumes: kube-apiserver lets their claims grow (it checks only allowVolumeExpansion), ' +
  'but then the volume\'s own plugin or CSI driver must expand it, and local and hostPath volumes never do, nor ceph-csi static volumes (docs/static-pvc.md): ' +
  'the claim keeps its size with a resize pending; grow a static volume in the storage system and edit its PersistentVolume and claim instead';
const MAX_PARAMETERS = 512;
const MAX_PARAMETER_BYTES = 256 * 1024;
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** The StorageClasses of an app marked default, in creation order. */
/** The app's StorageClasses marked default, in creation order. */
const DEFAULT_CLASSES = new AppSlot<StorageClass[]>('default StorageClasses', () => []);

function defaultClassesOf(sc: StorageClass): StorageClass[] {
  return AppState.of(sc).slot(DEFAULT_CLASSES);
}

/**
 * A StorageClass (`storage.k8s.io/v1`): the provisioner and parameters dynamic provisioning uses.
 * cdk8s-plus-27 has none. Validated at synth like the API server does: the provisioner's format,
 * the parameters' count, keys and size, and the allowed topologies.
 *
 * @example
 *
 * const fast = new StorageClass(chart, 'Fast', {
 *   provisioner: 'rbd.csi.ceph.com',
 *   parameters: { clusterID: 'prod', pool: 'kube' },
 *   reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.RETAIN,
 *   volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
 * });
 * const claim = fast.createClaim(chart, 'Data', { storage: Size.gibibytes(10) });
 */
export class StorageClass extends kplus.Resource implements IStorageClass {
  /** A StorageClass that exists in the cluster, by name. */
  public static fromStorageClassName(scope: Construct, id: string, name: string): IStorageClass {
    return new ImportedStorageClass(scope, id, name);
  }

  /** @see kplus.Resource.apiObject */
  protected readonly apiObject: ApiObject;
  public readonly resourceType = 'storageclasses';

  /** The provisioner. */
  public readonly provisioner: string;
  /** The reclaim policy of provisioned volumes. */
  public readonly reclaimPolicy: kplus.PersistentVolumeReclaimPolicy;
  /** When claims are bound and provisioned. */
  public readonly volumeBindingMode: VolumeBindingMode;
  /** Whether claims may grow. */
  public readonly allowVolumeExpansion?: boolean;
  /** Whether this is the cluster's default class. */
  public readonly isDefault: boolean;

  private readonly _parameters: Record<string, string>;
  private readonly _mountOptions: string[];
  private readonly _topologies: TopologySelectorTerm[];
  private readonly userNamespace?: string;
  private readonly shapes: FieldError[];
  private readonly topologiesOk: boolean;

  constructor(scope: Construct, id: string, props: StorageClassProps) {
    super(scope, id);
    // a JavaScript or Python caller can pass anything: values are kept as given where the manifest
    // can carry them, and every prop's shape is checked (once: the props do not change)
    const p: Partial<StorageClassProps> = isPlainObject(props) ? props : {};
    const metadata = metadataOf(p.metadata);
    this.provisioner = p.provisioner as string;
    this.reclaimPolicy = p.reclaimPolicy ?? kplus.PersistentVolumeReclaimPolicy.DELETE;
    this.volumeBindingMode = p.volumeBindingMode ?? VolumeBindingMode.IMMEDIATE;
    this.allowVolumeExpansion = p.allowVolumeExpansion ?? undefined;
    this.isDefault = p.isDefault === true;
    this._parameters = isPlainObject(p.parameters) ? { ...p.parameters } : {};
    this._mountOptions = Array.isArray(p.mountOptions) ? [...p.mountOptions] : [];
    this._topologies = copyTerms(p.allowedTopologies) ?? [];
    this.shapes = [
      ...metadataShapes(p.metadata),
      ...requiredStringShape(FieldPath.root('provisioner'), p.provisioner, 'a string such as "rbd.csi.ceph.com"'),
      ...stringMapShape(PARAMS, p.parameters),
      ...oneOfShape(FieldPath.root('reclaimPolicy'), p.reclaimPolicy, [kplus.PersistentVolumeReclaimPolicy.DELETE, kplus.PersistentVolumeReclaimPolicy.RETAIN]),
      ...oneOfShape(FieldPath.root('volumeBindingMode'), p.volumeBindingMode, Object.values(VolumeBindingMode)),
      ...booleanShape(FieldPath.root('allowVolumeExpansion'), p.allowVolumeExpansion),
      ...booleanShape(FieldPath.root('metadata', 'annotations').key(DEFAULT_CLASS_ANNOTATION), p.isDefault),
      ...stringListShape(FieldPath.root('mountOptions'), p.mountOptions),
      ...topologyShapes(FieldPath.root('allowedTopologies'), p.allowedTopologies, 'matchLabelExpressions'),
    ];
    this.topologiesOk = topologyShapes(FieldPath.root('allowedTopologies'), p.allowedTopologies, 'matchLabelExpressions').length === 0;

    this.apiObject = new k8s.KubeStorageClass(this, 'Resource', {
      metadata,
      provisioner: this.provisioner,
      parameters: Lazy.any({ produce: () => (Object.keys(this.parameters).length > 0 ? this.parameters : undefined) }),
      reclaimPolicy: this.reclaimPolicy,
      volumeBindingMode: this.volumeBindingMode,
      allowVolumeExpansion: this.allowVolumeExpansion,
      mountOptions: this._mountOptions.length > 0 ? this._mountOptions : undefined,
      allowedTopologies: this.topologiesOk && this._topologies.length > 0 ? this._topologies.map((t) => ({
        matchLabelExpressions: t.matchLabelExpressions.map((e) => ({ key: e.key, values: [...e.values] })),
      })) : undefined,
    });
    this.userNamespace = metadata?.namespace;
    makeClusterScoped(this.apiObject.metadata);
    if (this.isDefault) this.apiObject.metadata.addAnnotation(DEFAULT_CLASS_ANNOTATION, 'true');
    const target = resolveTarget(this);
    registerStorageObject(this, target);
    if (this.isDefault) defaultClassesOf(this).push(this);
    addRules(this, () => [
      ...this.rules(),
      ...(this.allowVolumeExpansion === true && this.provisioner === NO_PROVISIONER
        ? [warning(FieldPath.root('allowVolumeExpansion'), NO_EXPANSION)]
        : []),
      ...(this.isDefault && defaultClassesOf(this)[0] !== this
        ? [warning(FieldPath.root('metadata', 'annotations').key(DEFAULT_CLASS_ANNOTATION), severalDefaultClasses(target.version))]
        : []),
    ]);
  }

  /** The provisioner's parameters (a copy). */
  public get parameters(): Record<string, string> {
    return { ...this._parameters, ...this._computedParameters() };
  }

  /** Mount options of provisioned volumes (a copy). */
  public get mountOptions(): string[] {
    return [...this._mountOptions];
  }

  /**
   * A claim of this class, in `scope`.
   */
  public createClaim(scope: Construct, id: string, options: StorageClassClaimOptions): VolumeClaim {
    // a JavaScript or Python caller can pass anything: options of another type are reported on the claim
    const o: Partial<StorageClassClaimOptions> = isPlainObject(options) ? options : {};
    const claim = new VolumeClaim(scope, id, {
      metadata: o.metadata,
      storageClassName: this.name,
      storage: o.storage as Size,
      accessModes: o.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
      volumeMode: o.volumeMode,
      dataSource: o.dataSource,
    });
    claim._storageClass = this;
    const shape = instanceShape(FieldPath.root('options'), options, isPlainObject, 'an object such as { storage: Size.gibibytes(10) }');
    if (shape.length > 0) addRules(claim, () => shape);
    return claim;
  }

  /**
   * @internal What the provisioner does with a claim's data source, and what a VolumeSnapshotClass of
   * its volumes needs; a backend's class declares it. In-tree provisioners restore no snapshots and
   * clone nothing: both are CSI operations (external-snapshotter, external-provisioner). Of another
   * CSI driver the library knows nothing (undefined): the driver's to say.
   */
  public _dataSourceFacts(): DataSourceFacts | undefined {
    if (!isString(this.provisioner) || !this.provisioner.startsWith('kubernetes.io/')) return undefined;
    return {
      driver: this.provisioner,
      snapshots: false,
      clones: false,
      why: 'it is an in-tree provisioner, and snapshots and clones are CSI operations (external-snapshotter, external-provisioner): use a CSI driver\'s StorageClass',
      snapshotParameters: {},
    };
  }

  /**
   * @internal Parameters a subclass computes at synth, from objects that may still change after
   * the class is created.
   */
  protected _computedParameters(): Record<string, string> {
    return {};
  }

  private rules(): FieldError[] {
    const errs: FieldError[] = [...this.shapes, ...metadataNameRules(this, NameRule.DNS_SUBDOMAIN)];
    if (this.userNamespace !== undefined) errs.push(clusterScopedNamespace());
    if (isString(this.provisioner) && this.provisioner !== '') {
      errs.push(...qualifiedNameErrors(FieldPath.root('provisioner'), this.provisioner.toLowerCase())
        .map((e) => ({ ...e, value: this.provisioner })));
    }
    const params = this.parameters;
    const entries = Object.entries(params);
    if (entries.length > MAX_PARAMETERS) {
      errs.push(tooLong(PARAMS, MAX_PARAMETERS));
    } else {
      let bytes = 0;
      for (const [k, v] of entries) {
        if (k.length === 0) errs.push(invalid(PARAMS, k, 'field can not be empty.'));
        bytes += Buffer.byteLength(k, 'utf8') + (isString(v) ? Buffer.byteLength(v, 'utf8') : 0); // other types: the shape rule
      }
      if (bytes > MAX_PARAMETER_BYTES) errs.push(tooLong(PARAMS, MAX_PARAMETER_BYTES));
    }
    errs.push(...stringMapRules(PARAMS, params));
    this._mountOptions.forEach((o, i) => errs.push(...textRules(FieldPath.root('mountOptions').index(i), o)));
    if (this.topologiesOk) errs.push(...topologyRules(this._topologies));
    return errs;
  }
}

/**
 * kube-apiserver's validateAllowedTopologies: label keys, values present and distinct, keys distinct
 * per term, and no two terms alike (as sets; a repeated key keeps its last values). Its list of seen
 * terms starts with one empty entry per term, so an empty term is a duplicate too.
 */
function topologyRules(terms: readonly TopologySelectorTerm[]): FieldError[] {
  const errs: FieldError[] = [];
  const at = FieldPath.root('allowedTopologies');
  const seen: Array<Map<string, Set<string>>> = terms.map(() => new Map());
  terms.forEach((term, i) => {
    const exprs = at.index(i).child('matchLabelExpressions');
    const termMap = new Map<string, Set<string>>();
    term.matchLabelExpressions.forEach((e, j) => {
      const ep = exprs.index(j);
      if (e.values.length === 0) errs.push(required(ep.child('values')));
      const vals = new Set<string>();
      e.values.forEach((v, k) => {
        if (vals.has(v)) errs.push(duplicate(ep.child('values').index(k), v));
        vals.add(v);
      });
      errs.push(...qualifiedNameErrors(ep.child('key'), e.key));
      if (termMap.has(e.key)) errs.push(duplicate(ep.child('key'), e.key));
      termMap.set(e.key, vals);
    });
    for (const other of seen) {
      if (sameTerm(termMap, other)) errs.push(duplicate(exprs, ''));
    }
    seen.push(termMap);
  });
  return errs;
}

function sameTerm(a: Map<string, Set<string>>, b: Map<string, Set<string>>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, va] of a) {
    const vb = b.get(k);
    if (!vb || vb.size !== va.size || [...va].some((v) => !vb.has(v))) return false;
  }
  return true;
}

class ImportedStorageClass extends Construct implements IStorageClass {
  public readonly resourceType = 'storageclasses';
  public readonly apiGroup = 'storage.k8s.io';
  public readonly apiVersion = 'storage.k8s.io/v1';
  public readonly kind = 'StorageClass';
  public readonly resourceName: string;

  constructor(scope: Construct, id: string, public readonly name: string) {
    super(scope, id);
    this.resourceName = name;
  }
}
