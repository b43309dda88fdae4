import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { StoragePersistentVolume } from '../core/objects/persistent';
import { StoragePersistentVolumeProps } from '../core/objects/persistent-props';
import { VolumeSource, fixedSource } from '../core/objects/source';
import { Capabilities } from '../core/rules/access';
import { Finding, invalid, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { booleanShape, isPlainObject, isString, stringShape } from '../core/rules/shapes';

/** Props for `NfsPersistentVolume`. */
export interface NfsPersistentVolumeProps extends StoragePersistentVolumeProps {
  /**
   * The NFS server: a host name or IP address.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#nfs
   */
  readonly server: string;

  /**
   * The exported path on the server, absolute (`/exports/data`).
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#nfs
   */
  readonly path: string;

  /**
   * Mount the export read-only.
   *
   * @default false
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#nfs
   */
  readonly readOnly?: boolean;
}

const AT = FieldPath.root('spec', 'nfs');

// the in-tree nfs plugin (pkg/volume/nfs/nfs.go GetAccessModes); a Pod volume of NFS is cdk8s-plus-27's own (kplus.Volume.fromNfs)
const NFS_CAPABILITIES: Capabilities = {
  accessModes: [
    kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE,
    kplus.PersistentVolumeAccessMode.READ_ONLY_MANY,
    kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
  ],
  accessModesWhy: 'the nfs plugin serves these (an export is mounted by any number of nodes); ReadWriteOncePod is for CSI volumes only',
  block: false,
  blockWhy: 'an NFS export is a file system, mounted with mount -t nfs; it has no raw block device',
  mountOptions: true,
};

/** The nfs source of a PersistentVolume (Pod volumes of NFS are cdk8s-plus-27's own): one form at every version. */
function nfsSource(props: unknown): VolumeSource {
  const p: Partial<Record<keyof NfsPersistentVolumeProps, unknown>> = isPlainObject(props) ? props : {};
  const server = p.server ?? '';
  const path = p.path ?? '';
  const readOnly = p.readOnly ?? undefined;
  // the props do not change: checked once
  const shapes = [
    ...stringShape(AT.child('server'), p.server, 'a string, a host name or IP address'),
    ...stringShape(AT.child('path'), p.path, 'a string, an absolute path'),
    ...booleanShape(AT.child('readOnly'), p.readOnly),
  ];
  // kube-apiserver's validateNFSVolumeSource, and what the manifest can carry
  const rules = (): Finding[] => {
    const out: Finding[] = [...shapes];
    if (server === '') out.push(required(AT.child('server')));
    else if (isString(server)) out.push(...textRules(AT.child('server'), server));
    if (path === '') {out.push(required(AT.child('path')));} else if (isString(path)) {
      if (!path.startsWith('/')) out.push(invalid(AT.child('path'), path, 'must be an absolute path'));
      out.push(...textRules(AT.child('path'), path));
    }
    return out;
  };
  return fixedSource({ kind: 'in-tree', deprecated: false }, {
    field: 'nfs',
    readOnly: readOnly === true,
    capabilities: () => NFS_CAPABILITIES,
    rules,
    render: () => ({ nfs: { server: server as string, path: path as string, readOnly: readOnly as boolean | undefined } }),
  });
}

/**
 * An NFS export as a PersistentVolume (`spec.nfs`): a `StoragePersistentVolume`, so `bind()`,
 * `reserve()` and `asVolume()` work. ReadWriteOnce, ReadOnlyMany and ReadWriteMany; mount options
 * (`nfsvers=4.1`, `hard`) go in `mountOptions`. cdk8s-plus-27 has the inline NFS Pod volume
 * (`kplus.Volume.fromNfs`); this is the PersistentVolume it lacks.
 *
 * @example
 *
 * const share = new NfsPersistentVolume(chart, 'Share', {
 *   server: 'nfs.example.com',
 *   path: '/exports/share',
 *   storage: Size.gibibytes(100),
 *   accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
 *   mountOptions: ['nfsvers=4.1', 'hard'],
 * });
 */
export class NfsPersistentVolume extends StoragePersistentVolume {
  constructor(scope: Construct, id: string, props: NfsPersistentVolumeProps) {
    super(scope, id, props);
    this._carrySource(nfsSource(props));
  }
}
