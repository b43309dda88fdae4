import { IscsiCredentials } from './credentials';

import { StoragePersistentVolumeProps } from '../core/objects/persistent-props';
import { StorageVolumeProps } from '../core/objects/storage-volume';
import { VolumeImplementation } from '../core/policy/plugin-policy';
import { FsType } from '../core/rules/fs-type';

/** The fields of an iSCSI volume source, shared by the Pod volume and the PersistentVolume. */
export interface IscsiSourceOptions {
  /**
   * The target portal: `host` or `host:port` (IPv4 address or DNS name; an IPv6 address as
   * `[addr]:port`). Without a port the kubelet uses 3260.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#iscsi
   */
  readonly targetPortal: string;

  /**
   * The target's iSCSI qualified name: `iqn.YYYY-MM.reversed.domain:name`, `eui.` + 16 hex
   * digits, or `naa.` + 32 hex digits.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#iscsi
   */
  readonly iqn: string;

  /**
   * The logical unit number on the target, 0 to 255.
   *
   * @default 0
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly lun?: number;

  /**
   * More portals of the same target, for multipath; same format as `targetPortal`.
   *
   * @default - only `targetPortal`
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly portals?: string[];

  /**
   * The open-iscsi interface (transport) name.
   *
   * @default - the kubelet's "default" (tcp)
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly iscsiInterface?: string;

  /**
   * A custom initiator IQN; the kubelet then creates the interface `<portal>:<volume name>`.
   *
   * @default - the node's initiator name
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly initiatorName?: string;

  /**
   * The filesystem on the LUN.
   *
   * @default - none written; the kubelet formats and mounts ext4
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly fsType?: FsType;

  /**
   * Mount read-only.
   *
   * @default false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly readOnly?: boolean;

  /**
   * CHAP authentication for SendTargets discovery.
   *
   * @default - true when `credentials` were created with discovery credentials, else false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly chapAuthDiscovery?: boolean;

  /**
   * CHAP authentication for the session.
   *
   * @default - true when `credentials` were created with session credentials, else false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly chapAuthSession?: boolean;

  /**
   * The CHAP Secret, existing or created by the library.
   *
   * @default - no CHAP Secret; the initiator logs in without authentication
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
   */
  readonly credentials?: IscsiCredentials;

  /**
   * In-tree `iscsi` source or the `iscsi.csi.k8s.io` CSI driver (alpha, static volumes only).
   * The in-tree plugin works at every supported version, so AUTO is in-tree.
   *
   * @default VolumeImplementation.AUTO
   * @see https://github.com/kubernetes-csi/csi-driver-iscsi
   */
  readonly implementation?: VolumeImplementation;
}

/** Props for `IscsiVolume`. */
export interface IscsiVolumeProps extends IscsiSourceOptions, StorageVolumeProps {}

/** Props for `IscsiPersistentVolume`. */
export interface IscsiPersistentVolumeProps extends IscsiSourceOptions, StoragePersistentVolumeProps {
  /**
   * The CSI volume handle, unique in the cluster (CSI form only).
   *
   * @default - `<iqn>-lun-<lun>`
   * @see https://github.com/kubernetes-csi/csi-driver-iscsi
   */
  readonly volumeHandle?: string;
}
