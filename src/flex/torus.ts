import { Size } from 'cdk8s';
import { Construct } from 'constructs';

import { FlexVolume } from './volume';
import { addRules } from '../core/app/validation';
import { StorageVolumeProps } from '../core/objects/storage-volume';
import { Finding, invalid, required, warning } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { FsType } from '../core/rules/fs-type';
import { hostPortErrors } from '../core/rules/network';
import { exactQuantity, sizeInBytes } from '../core/rules/quantities';
import { given, isPlainObject, isSize, isString, oneOfShape, sizeShape, stringShape } from '../core/rules/shapes';

// ---------------------------------------------------------------------------------------------
// Torus: a preset of FlexVolume for the coreos.com/torus driver (coreos/torus, cmd/torusblk/flex.go).

export const TORUS_DRIVER = 'coreos.com/torus';
export const TORUS_ETCD = '127.0.0.1:2379';

/** Where a Torus block write goes before it returns (`torusblk --write-level`). */
export enum TorusWriteLevel {
  /** `all`: every replica of the block; the driver's default. */
  ALL = 'all',
  /** `one`: the first replica that takes it. */
  ONE = 'one',
  /** `local`: the node's own Torus storage, else as `one`. */
  LOCAL = 'local',
}

/** Props for `TorusVolume`. */
export interface TorusVolumeProps extends StorageVolumeProps {
  /**
   * The Torus block volume to attach (created beforehand, e.g. `torusctl volume create-block pg1 2GiB`).
   *
   * @see https://github.com/coreos/torus/blob/master/contrib/kubernetes/README.md
   */
  readonly volume: string;

  /**
   * The etcd that holds Torus's metadata, as `host:port`, reached from the node.
   *
   * @default "127.0.0.1:2379"
   * @see https://github.com/coreos/torus/blob/master/contrib/kubernetes/README.md
   */
  readonly etcd?: string;

  /**
   * The write replication level.
   *
   * @default - not written; the driver's default, TorusWriteLevel.ALL
   * @see https://github.com/coreos/torus/blob/master/contrib/kubernetes/README.md
   */
  readonly writeLevel?: TorusWriteLevel;

  /**
   * The memory the driver's local write cache may use; a whole number of bytes.
   *
   * @default - not written; the driver's default, 128MiB
   * @see https://github.com/coreos/torus/blob/master/contrib/kubernetes/README.md
   */
  readonly writeCacheSize?: Size;

  /**
   * The filesystem the driver formats an empty volume with and mounts.
   *
   * @default FsType.EXT4
   * @see https://github.com/coreos/torus/blob/master/contrib/kubernetes/README.md
   */
  readonly fsType?: FsType;

  /**
   * Mark the volume read-only. The kubelet passes `kubernetes.io/readwrite: ro`, which torusblk
   * ignores (it mounts the device read-write), so also mount it read-only in the container.
   *
   * @default false
   * @see https://github.com/kubernetes/community/blob/master/contributors/devel/sig-storage/flexvolume.md
   */
  readonly readOnly?: boolean;
}

/** The size as torusblk reads it (go-humanize): `128MiB`, `2GiB`, or bytes. */
function torusSize(size: Size): string {
  const q = exactQuantity(size);
  return /[KMGTP]i$/.test(q) ? `${q}B` : q;
}

/** The model: the props as given (a JavaScript caller can pass anything), defaults applied once. */
interface TorusModel {
  readonly volume: string;
  readonly etcd: string;
  readonly writeLevel?: string;
  readonly writeCacheSize?: Size;
}

function torusModel(p: Partial<TorusVolumeProps>): TorusModel {
  return { volume: p.volume ?? '', etcd: p.etcd ?? TORUS_ETCD, writeLevel: p.writeLevel ?? undefined, writeCacheSize: p.writeCacheSize ?? undefined };
}

/** The driver's options, as cmd/torusblk/flex.go reads them; values of another type written as given. */
function torusOptions(m: TorusModel): Record<string, string> {
  const options: Record<string, string> = { volume: m.volume, etcd: m.etcd };
  if (m.writeLevel !== undefined) options.writeLevel = m.writeLevel;
  if (m.writeCacheSize !== undefined) {
    options.writeCacheSize = isSize(m.writeCacheSize) ? torusSize(m.writeCacheSize) : m.writeCacheSize as unknown as string;
  }
  return options;
}

const TORUS_LEVELS = Object.values(TorusWriteLevel) as string[];

/** The props' shapes, where their options land; `at` is `….flexVolume.options`. */
function torusShapes(p: Partial<Record<keyof TorusVolumeProps, unknown>>, at: FieldPath): Finding[] {
  return [
    ...stringShape(at.key('volume'), p.volume, 'a string, the Torus volume\'s name'),
    ...stringShape(at.key('etcd'), p.etcd, 'a string "host:port"'),
    ...(isString(p.writeLevel) ? [] : oneOfShape(at.key('writeLevel'), p.writeLevel, TORUS_LEVELS)),
    ...sizeShape(at.key('writeCacheSize'), p.writeCacheSize),
  ];
}

/** What the torus driver needs beyond the flexVolume rules; `at` is `….flexVolume.options`. */
/*
 * torusblk speaks the FlexVolume call convention of 2016: `attach <json>` and `mount <dir> <dev>
 * <json>`, refusing any other argument count ("unexpected number of arguments", cmd/torusblk/flex.go
 * attachAction, mountAction), and its `init` reports no capabilities, so the kubelet takes it as
 * attachable. Every supported Kubernetes calls `attach <json> <node name>` and
 * `mountdevice <dir> <dev> <json>` (pkg/volume/flexvolume/attacher.go Attach, MountDevice): the
 * attach fails. A warning, not an error: the construct describes installations as they are.
 */
const TORUS_CALLS =
  'torusblk speaks an older FlexVolume call convention (attach <json>, mount <dir> <dev> <json>; cmd/torusblk/flex.go) and refuses the calls ' +
  'every supported kubelet makes (attach <json> <node>, mountdevice; pkg/volume/flexvolume/attacher.go): attaching fails with "unexpected number of arguments" ' +
  'unless the driver on the nodes was patched; move the data to a backend with a CSI driver';

function torusRules(m: TorusModel, at: FieldPath): Finding[] {
  const out: Finding[] = [];
  // text the manifest cannot carry is reported by the flexVolume options' rules
  if (!given(m.volume) || m.volume === '') {
    out.push(required(at.key('volume'), 'give the Torus volume to attach (TorusVolumeProps.volume); the driver fails with "volume name is missing"'));
  }
  if (isString(m.etcd) && (hostPortErrors(at.key('etcd'), m.etcd, 2379).length > 0 || !/^(\[[^\]]+\]|[^:]+):\d+$/.test(m.etcd))) {
    out.push(invalid(at.key('etcd'), m.etcd, 'must be "host:port" with host an IP address or DNS name and port 1-65535 (an IPv6 address in brackets): the etcd of the Torus cluster, as the node reaches it'));
  }
  if (isString(m.writeLevel)) out.push(...oneOfShape(at.key('writeLevel'), m.writeLevel, TORUS_LEVELS));
  if (isSize(m.writeCacheSize)) {
    const bytes = sizeInBytes(m.writeCacheSize);
    if (!(bytes > 0) || !Number.isInteger(bytes)) {
      out.push(invalid(at.key('writeCacheSize'), exactQuantity(m.writeCacheSize), 'must be a whole number of bytes greater than zero'));
    }
  }
  return out;
}

/**
 * A Torus block volume as a Pod volume: a FlexVolume preset for the `coreos.com/torus` driver
 * (`torusblk` installed as `<plugin dir>/coreos.com~torus/torus` on every node, with the `nbd`
 * kernel module), with the options it reads: `volume`, `etcd`, `writeLevel`, `writeCacheSize`.
 *
 * Torus is unmaintained: CoreOS stopped its development in February 2017, and FlexVolume itself is
 * deprecated since Kubernetes 1.23 (a warning at synth). Use it to describe existing Torus volumes
 * while moving their data to a backend with a CSI driver.
 *
 * The driver's `trim` option cannot be set: torusblk reads it as a JSON boolean, and flexVolume
 * options are strings.
 *
 * @example
 *
 * const data = new TorusVolume(chart, 'Data', { name: 'data', volume: 'pg1', etcd: '10.3.0.100:2379' });
 * postgres.containers[0].mount('/var/lib/postgresql/data', data);
 */
export class TorusVolume extends FlexVolume {
  constructor(scope: Construct, id: string, props: TorusVolumeProps) {
    // a JavaScript or Python caller can pass anything: values are kept as given, and checked by shape first
    const p: Partial<TorusVolumeProps> = isPlainObject(props) ? props : {};
    const model = torusModel(p);
    super(scope, id, {
      driver: TORUS_DRIVER,
      fsType: p.fsType ?? FsType.EXT4,
      readOnly: p.readOnly,
      options: torusOptions(model),
      name: p.name,
      kubernetesVersion: p.kubernetesVersion,
    });
    const at = FieldPath.root('volumes').key(this.name).child('flexVolume', 'options');
    const shapes = torusShapes(p, at); // the props do not change: checked once
    const calls = warning(FieldPath.root('volumes').key(this.name).child('flexVolume', 'driver'), TORUS_CALLS);
    addRules(this, () => [...shapes, ...torusRules(model, at), calls]);
  }

  /** @internal The options are the Torus props': their shapes are checked in their words. */
  protected _checksOptionShapes(): boolean {
    return false;
  }
}
