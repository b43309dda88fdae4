import { k8s } from 'cdk8s-plus-27';

type ToJson = (value: any) => unknown;

/**
 * Each source field of a PersistentVolume's spec, by its name in code, with its name in the
 * manifest and the generated converter of its type: the very converter `k8s.toJson_PersistentVolumeSpec`
 * calls for that field. Writing a carried source through its own field's converter spells it as
 * the generated types do (`datasetUUID`), without building the spec's 30 other fields and filtering
 * them out again for every PersistentVolume (about 55 ms in 5,000; bench/README.md, "The carriers").
 * test/core/kplus-contract.test.ts holds the table to cdk8s-plus-27's assembly: every source field
 * of the spec, with its manifest name and its type's converter.
 */
export const PV_SOURCES: ReadonlyMap<string, readonly [json: string, toJson: ToJson]> = new Map<string, readonly [string, ToJson]>([
  ['awsElasticBlockStore', ['awsElasticBlockStore', k8s.toJson_AwsElasticBlockStoreVolumeSource]],
  ['azureDisk', ['azureDisk', k8s.toJson_AzureDiskVolumeSource]],
  ['azureFile', ['azureFile', k8s.toJson_AzureFilePersistentVolumeSource]],
  ['cephfs', ['cephfs', k8s.toJson_CephFsPersistentVolumeSource]],
  ['cinder', ['cinder', k8s.toJson_CinderPersistentVolumeSource]],
  ['csi', ['csi', k8s.toJson_CsiPersistentVolumeSource]],
  ['fc', ['fc', k8s.toJson_FcVolumeSource]],
  ['flexVolume', ['flexVolume', k8s.toJson_FlexPersistentVolumeSource]],
  ['flocker', ['flocker', k8s.toJson_FlockerVolumeSource]],
  ['gcePersistentDisk', ['gcePersistentDisk', k8s.toJson_GcePersistentDiskVolumeSource]],
  ['glusterfs', ['glusterfs', k8s.toJson_GlusterfsPersistentVolumeSource]],
  ['hostPath', ['hostPath', k8s.toJson_HostPathVolumeSource]],
  ['iscsi', ['iscsi', k8s.toJson_IscsiPersistentVolumeSource]],
  ['local', ['local', k8s.toJson_LocalVolumeSource]],
  ['nfs', ['nfs', k8s.toJson_NfsVolumeSource]],
  ['photonPersistentDisk', ['photonPersistentDisk', k8s.toJson_PhotonPersistentDiskVolumeSource]],
  ['portworxVolume', ['portworxVolume', k8s.toJson_PortworxVolumeSource]],
  ['quobyte', ['quobyte', k8s.toJson_QuobyteVolumeSource]],
  ['rbd', ['rbd', k8s.toJson_RbdPersistentVolumeSource]],
  ['scaleIo', ['scaleIO', k8s.toJson_ScaleIoPersistentVolumeSource]],
  ['storageos', ['storageos', k8s.toJson_StorageOsPersistentVolumeSource]],
  ['vsphereVolume', ['vsphereVolume', k8s.toJson_VsphereVirtualDiskVolumeSource]],
]);

/**
 * A PersistentVolume's source fields (`{ iscsi: … }`, in code spelling) in the manifest's
 * spelling, as `k8s.toJson_PersistentVolumeSpec` writes them. A field the table does not know
 * (none of the spec's sources) goes through the spec's converter, which drops what the type does
 * not declare, as it always did. The converters read lists with `.map`: a JavaScript caller's
 * value of another type there (which its shape rule reports, so that synth writes nothing) is
 * written as given instead of throwing.
 */
export function persistentVolumeSourceJson(source: Readonly<Record<string, object | undefined>>): Record<string, unknown> {
  try {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      const value = source[key];
      if (value === undefined) continue;
      const known = PV_SOURCES.get(key);
      if (!known) return (k8s.toJson_PersistentVolumeSpec(source as k8s.PersistentVolumeSpec) ?? {}) as Record<string, unknown>;
      out[known[0]] = known[1](value);
    }
    return out;
  } catch (e) {
    if (e instanceof TypeError) return { ...source };
    throw e;
  }
}
