// Public API. Core mechanisms are listed explicitly; their internals stay unexported.
import './core/duplicates'; // the app-wide check for objects written twice
import './core/metadata-check'; // the app-wide check of every object's labels and annotations
export { KubernetesVersion } from './core/version';
export { VolumeImplementation } from './core/plugin-policy';
export { FsType } from './core/fs-type';
export { SpecApiObject, StoragePersistentVolume, VolumeClaim } from './core/persistent';
export type { ExistingClaimOptions, StoragePersistentVolumeProps, VolumeClaimProps } from './core/persistent';
export * from './storage-class';
export type { TopologyLabelRequirement, TopologySelectorTerm } from './core/topology';
export { IscsiChapSecret } from './iscsi-chap';
export type { ChapCredentials, IscsiChapCredentialsProps, IscsiChapSecretOptions } from './iscsi-chap';
export * from './iscsi';
export { CephCluster, CephCredentials, CephCsiConfig } from './ceph-cluster';
export type { CephClusterProps, CephFileOptions, CephSecretOptions, CephUserKeyOptions } from './ceph-cluster';
export * from './ceph-rbd';
export { CephRbdEncryptionType, CephRbdMounter } from './ceph-rbd-options';
export type { CephRbdDomainSegment, CephRbdNodeOptions, CephRbdTopologyPool } from './ceph-rbd-options';
export * from './ceph-fs';
export * from './flocker';
export * from './flex';
export * from './glusterfs';
export * from './glusterfs-storage-class';
export { AzureFileCredentials } from './azure-file-credentials';
export type { AzureFileAccountKeyOptions, AzureFileSecretOptions } from './azure-file-credentials';
export { AzureFileVolume, AzureFilePersistentVolume } from './azure-file';
export type { AzureFileSourceOptions, AzureFileVolumeProps, AzureFilePersistentVolumeProps } from './azure-file';
export { AzureFileStorageClass, AzureFileSkuName, AzureFileProtocol } from './azure-file-storage-class';
export type { AzureFileStorageClassProps } from './azure-file-storage-class';
export type { ClaimSpecOptions } from './claim-spec';
export { ClaimTemplate, ClaimRetentionPolicy } from './stateful';
export type { ClaimTemplateProps, ClaimTemplateMountOptions, ClaimRetentionOptions } from './stateful';
export { EphemeralVolume } from './ephemeral';
export type { EphemeralVolumeProps } from './ephemeral';
export { CsiPersistentVolume } from './csi';
export type { CsiPersistentVolumeProps } from './csi';
export { NfsPersistentVolume } from './nfs';
export type { NfsPersistentVolumeProps } from './nfs';
