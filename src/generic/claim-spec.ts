import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { StorageClass } from './storage-class';
import { IStorageClass } from './storage-class-props';
import { sizeRules } from '../core/objects/claims';
import { ClaimDataSource, dataSourceRules, isClaimDataSource, renderDataSource } from '../core/objects/data-source';
import { KubernetesVersion } from '../core/policy/version';
import { Capabilities, accessModeRules, capabilityRules, volumeModeRules } from '../core/rules/access';
import { Finding } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { NameRule, nameErrors } from '../core/rules/names';
import { exactQuantity } from '../core/rules/quantities';
import { given, instanceShape, isPlainObject, isSize, isString } from '../core/rules/shapes';

/**
 * What a claim made from a template asks for: the claim of each StatefulSet replica
 * (`ClaimTemplate`) and of each Pod's generic ephemeral volume (`EphemeralVolume`).
 */
export interface ClaimSpecOptions {
  /**
   * The class the claims are provisioned from: a StorageClass of this app (`StorageClass`,
   * `CephRbdStorageClass`, …) or one of the cluster by name (`StorageClass.fromStorageClassName`).
   *
   * @default - no storageClassName written: the cluster's default StorageClass provisions the claims
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class-1
   */
  readonly storageClass?: IStorageClass;

  /**
   * The size each claim asks for; written exactly as given (512Mi stays 512Mi).
   *
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#resources
   */
  readonly storage: Size;

  /**
   * The access modes each claim asks for; each must be one the class's provisioner serves, where
   * the library knows it.
   *
   * @default - ReadWriteOnce
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * Filesystem or raw block device.
   *
   * @default kplus.PersistentVolumeMode.FILE_SYSTEM
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#volume-mode
   */
  readonly volumeMode?: kplus.PersistentVolumeMode;

  /**
   * Where each claim's volume gets its first data: a VolumeSnapshot to restore
   * (`ClaimDataSource.fromSnapshot(snapshot)`) or a claim to clone (`ClaimDataSource.fromClaim(claim)`),
   * in the claims' namespace; the class's driver must restore snapshots or clone volumes.
   *
   * @default - empty volumes
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#data-source-references
   */
  readonly dataSource?: ClaimDataSource;
}

/** The model of a claim spec: values as given (a JavaScript caller can pass anything), defaults applied once. */
export interface ClaimSpecModel {
  readonly storageClass?: IStorageClass;
  readonly storageClassProp: unknown;
  readonly storage?: Size;
  readonly accessModes: unknown;
  readonly volumeMode: kplus.PersistentVolumeMode;
  readonly volumeModeProp: unknown;
  readonly dataSource: unknown;
}

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;

/** A StorageClass, of this app or by name: an object with a string name whose resource type is storageclasses. */
export function isStorageClass(v: unknown): v is IStorageClass {
  return typeof v === 'object' && v !== null && isString((v as IStorageClass).name) && (v as IStorageClass).resourceType === 'storageclasses';
}

export function claimSpecModel(props: unknown): ClaimSpecModel {
  const p: Partial<Record<keyof ClaimSpecOptions, unknown>> = isPlainObject(props) ? props : {};
  const modes = p.accessModes ?? [RWO];
  return {
    storageClass: isStorageClass(p.storageClass) ? p.storageClass : undefined,
    storageClassProp: p.storageClass,
    storage: (p.storage ?? undefined) as Size | undefined,
    accessModes: Array.isArray(modes) ? [...modes] : modes,
    volumeMode: (p.volumeMode ?? kplus.PersistentVolumeMode.FILE_SYSTEM) as kplus.PersistentVolumeMode,
    volumeModeProp: p.volumeMode,
    dataSource: p.dataSource ?? undefined,
  };
}

/**
 * What the class's provisioner serves, when the class is one of this app's and its backend declares
 * it (`StorageClass._claimFacts`). Claims of another provisioner, or of a class known by name only,
 * get the API server's rules.
 */
function classCapabilities(m: ClaimSpecModel): Capabilities | undefined {
  const sc = m.storageClass;
  if (!(sc instanceof StorageClass)) return undefined;
  return sc._claimFacts(m.volumeMode, isClaimDataSource(m.dataSource));
}

/**
 * kube-apiserver's rules for a claim spec (ValidatePersistentVolumeClaimSpec) at `at`, plus what
 * the class's provisioner serves: access modes, volume mode, the size, the class name. `namespace`:
 * where the claims will live, where known (a StatefulSet's), for the data source's namespace rule.
 */
export function claimSpecRules(m: ClaimSpecModel, target: KubernetesVersion, at: FieldPath, namespace?: string): Finding[] {
  const caps = classCapabilities(m);
  const out: Finding[] = [
    ...instanceShape(at.child('storageClassName'), m.storageClassProp, isStorageClass,
      'a StorageClass: one of this app, or StorageClass.fromStorageClassName(scope, id, name)'),
    ...accessModeRules(at, m.accessModes as kplus.PersistentVolumeAccessMode[], caps, target),
    ...volumeModeRules(at, m.volumeModeProp),
    // kube-apiserver: Required and "must be greater than zero" at spec.resources[storage], its
    // fractional-byte warning at spec.resources.requests[storage]
    ...sizeRules(at.child('resources').key('storage'), at.child('resources').key('storage'), m.storage, at.child('resources', 'requests').key('storage')),
  ];
  if (caps) out.push(...capabilityRules(at, caps, m.volumeMode, undefined));
  out.push(...dataSourceRules(at, m.dataSource, {
    scope: m.storageClass,
    storageClassName: m.storageClass?.name,
    storageClass: m.storageClass,
    storage: m.storage,
    volumeMode: m.volumeMode,
    namespace,
  }));
  if (m.storageClass && m.storageClass.name !== '') {
    out.push(...nameErrors(at.child('storageClassName'), m.storageClass.name, NameRule.DNS_SUBDOMAIN));
  }
  return out;
}

/**
 * The claim spec as the generated type has it: the workload's generated `toJson` reads a quantity's
 * `value`, so the size is a `k8s.Quantity`. Pure; never throws.
 */
export function renderClaimSpec(m: ClaimSpecModel): k8s.PersistentVolumeClaimSpec {
  return {
    accessModes: m.accessModes as string[],
    resources: given(m.storage)
      ? { requests: { storage: k8s.Quantity.fromString(isSize(m.storage) ? exactQuantity(m.storage) : m.storage as unknown as string) } }
      : undefined,
    storageClassName: m.storageClass?.name,
    volumeMode: m.volumeMode,
    dataSource: renderDataSource(m.dataSource),
  };
}
