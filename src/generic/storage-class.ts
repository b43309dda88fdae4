import { ApiObject, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { BoundClassSource, ClassSource } from './class-source';
import { DEFAULT_CLASS_ANNOTATION, defaultClassRules, registerDefaultClass } from './default-class';
import { ImportedStorageClass } from './imported-storage-class';
import { IStorageClass, StorageClassClaimOptions, StorageClassProps, VolumeBindingMode } from './storage-class-props';
import { PARAMS, expansionRules, parameterRules, topologyRules } from './storage-class-rules';
import { registerStorageObject } from '../core/app/app-checks';
import { addRules } from '../core/app/validation';
import { VolumeClaim } from '../core/objects/claim';
import { metadataNameRules } from '../core/objects/claims';
import { DataSourceFacts } from '../core/objects/data-source';
import { clusterScopedNamespace } from '../core/objects/persistent';
import { KubernetesVersion, resolveTarget } from '../core/policy/version';
import { Capabilities } from '../core/rules/access';
import { FieldError } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { metadataOf, metadataShapes } from '../core/rules/metadata';
import { NameRule, makeClusterScoped, qualifiedNameErrors } from '../core/rules/names';
import { booleanShape, instanceShape, isPlainObject, isString, oneOfShape, requiredStringShape, stringListShape, stringMapShape } from '../core/rules/shapes';
import { TopologySelectorTerm, copyTerms, topologyShapes } from '../core/rules/topology';

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

  /** The reclaim policy of provisioned volumes. */
  public readonly reclaimPolicy: kplus.PersistentVolumeReclaimPolicy;
  /** When claims are bound and provisioned. */
  public readonly volumeBindingMode: VolumeBindingMode;
  /** Whether claims may grow. */
  public readonly allowVolumeExpansion?: boolean;
  /** Whether this is the cluster's default class. */
  public readonly isDefault: boolean;

  private readonly userProvisioner: string;
  private readonly provisionerShape: FieldError[];
  private carried?: BoundClassSource;
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
    this.userProvisioner = p.provisioner as string;
    this.reclaimPolicy = p.reclaimPolicy ?? kplus.PersistentVolumeReclaimPolicy.DELETE;
    this.volumeBindingMode = p.volumeBindingMode ?? VolumeBindingMode.IMMEDIATE;
    this.allowVolumeExpansion = p.allowVolumeExpansion ?? undefined;
    this.isDefault = p.isDefault === true;
    this._parameters = isPlainObject(p.parameters) ? { ...p.parameters } : {};
    this._mountOptions = Array.isArray(p.mountOptions) ? [...p.mountOptions] : [];
    this._topologies = copyTerms(p.allowedTopologies) ?? [];
    this.shapes = [
      ...metadataShapes(p.metadata),
      ...stringMapShape(PARAMS, p.parameters),
      ...oneOfShape(FieldPath.root('reclaimPolicy'), p.reclaimPolicy, [kplus.PersistentVolumeReclaimPolicy.DELETE, kplus.PersistentVolumeReclaimPolicy.RETAIN]),
      ...oneOfShape(FieldPath.root('volumeBindingMode'), p.volumeBindingMode, Object.values(VolumeBindingMode)),
      ...booleanShape(FieldPath.root('allowVolumeExpansion'), p.allowVolumeExpansion),
      ...booleanShape(FieldPath.root('metadata', 'annotations').key(DEFAULT_CLASS_ANNOTATION), p.isDefault),
      ...stringListShape(FieldPath.root('mountOptions'), p.mountOptions),
      ...topologyShapes(FieldPath.root('allowedTopologies'), p.allowedTopologies, 'matchLabelExpressions'),
    ];
    this.provisionerShape = requiredStringShape(FieldPath.root('provisioner'), p.provisioner, 'a string such as "rbd.csi.ceph.com"');
    this.topologiesOk = topologyShapes(FieldPath.root('allowedTopologies'), p.allowedTopologies, 'matchLabelExpressions').length === 0;

    this.apiObject = new k8s.KubeStorageClass(this, 'Resource', {
      metadata,
      // a backend's class carries its provisioner (_carrySource, after this constructor): written at synth
      provisioner: Lazy.any({ produce: () => this.provisioner }) as unknown as string,
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
    if (this.isDefault) registerDefaultClass(this);
    addRules(this, () => [
      ...this.rules(),
      ...expansionRules(this.allowVolumeExpansion, this.provisioner),
      ...defaultClassRules(this, this.isDefault, target.version),
    ]);
  }

  /** The provisioner. */
  public get provisioner(): string {
    return this.carried ? this.carried.provisioner : this.userProvisioner;
  }

  /** The provisioner's parameters (a copy). */
  public get parameters(): Record<string, string> {
    return this.carried ? this.carried.parameters(this._parameters) : { ...this._parameters };
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
    const carried = this.carried;
    if (carried?.claimRules) addRules(claim, () => carried.claimRules!(o));
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
    if (this.carried?.dataSourceFacts) return this.carried.dataSourceFacts();
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
   * @internal What the provisioner serves to a claim of this class (its access modes, volume modes,
   * mount options), as a backend's class declares it; `fromContent`: the claim is restored or cloned
   * (it has a data source). Of another provisioner the library knows nothing (undefined): a claim
   * then gets the API server's rules only.
   */
  public _claimFacts(volumeMode: kplus.PersistentVolumeMode, fromContent: boolean): Capabilities | undefined {
    return this.carried?.claimFacts?.(volumeMode, fromContent);
  }

  /**
   * @internal Carries a backend's provisioner; a subclass calls it once, in its constructor (after
   * `super` with the props every class takes): the provisioner, parameters and rules are the source's.
   */
  protected _carrySource(source: ClassSource): void {
    const target = resolveTarget(this, source.kubernetesVersion as KubernetesVersion | undefined);
    registerStorageObject(this, target);
    const bound = this.carried = source.bind({ storageClass: this, version: target.version });
    addRules(this, () => bound.rules());
  }

  private rules(): FieldError[] {
    const errs: FieldError[] = [...this.shapes, ...(this.carried ? [] : this.provisionerShape), ...metadataNameRules(this, NameRule.DNS_SUBDOMAIN)];
    if (this.userNamespace !== undefined) errs.push(clusterScopedNamespace());
    if (isString(this.provisioner) && this.provisioner !== '') {
      errs.push(...qualifiedNameErrors(FieldPath.root('provisioner'), this.provisioner.toLowerCase())
        .map((e) => ({ ...e, value: this.provisioner })));
    }
    errs.push(...parameterRules(this.parameters));
    this._mountOptions.forEach((o, i) => errs.push(...textRules(FieldPath.root('mountOptions').index(i), o)));
    if (this.topologiesOk) errs.push(...topologyRules(this._topologies));
    return errs;
  }
}
