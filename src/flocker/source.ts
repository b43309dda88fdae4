import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';

import { StoragePersistentVolumeProps } from '../core/objects/persistent-props';
import { BoundSource, SourceSite, VolumeSource, pluginPolicy } from '../core/objects/source';
import { StorageVolumeProps } from '../core/objects/storage-volume';
import { Plugin, VolumeImplementation } from '../core/policy/plugin-policy';
import { Capabilities } from '../core/rules/access';
import { Finding, invalid, required } from '../core/rules/errors';
import { FieldPath } from '../core/rules/field-path';
import { textRules } from '../core/rules/manifest-text';
import { mountOptionsAnnotationRules } from '../core/rules/mount-options';
import { given, isPlainObject, isString, stringShape } from '../core/rules/shapes';

/** Flocker's dataset ID is a stringified UUID: its API schema takes exactly 36 characters. */
const DATASET_ID_LENGTH = 36;
/** Flocker keeps the name as a dataset metadata value, at most 256 characters long. */
const DATASET_NAME_MAX = 256;

/**
 * The fields of a Flocker volume source, the same in Pod volumes and PersistentVolumes. Give
 * exactly one of `datasetName` and `datasetUUID`.
 */
export interface FlockerSourceOptions {
  /**
   * The dataset's name, as stored in its Flocker metadata (`name`); the plugin looks the dataset up
   * by it. Must not contain `/`. Kubernetes marks this field deprecated in favour of `datasetUUID`.
   *
   * @default - none; give `datasetUUID` instead
   * @see https://v1-24.docs.kubernetes.io/docs/concepts/storage/volumes/#flocker
   */
  readonly datasetName?: string;

  /**
   * The dataset's ID: the 36-character UUID the Flocker control service gave it.
   *
   * @default - none; give `datasetName` instead
   * @see https://v1-24.docs.kubernetes.io/docs/concepts/storage/volumes/#flocker
   */
  readonly datasetUUID?: string;
}

/** Props for `FlockerVolume`. Flocker works through Kubernetes 1.24 only. */
export interface FlockerVolumeProps extends FlockerSourceOptions, StorageVolumeProps {}

/** Props for `FlockerPersistentVolume`. */
export interface FlockerPersistentVolumeProps extends FlockerSourceOptions, StoragePersistentVolumeProps {}

/**
 * The model: the props as the caller gave them (a JavaScript caller can pass anything);
 * `flockerShapes` checks their shapes, and `flockerRules` reads only strings.
 */
interface FlockerModel {
  readonly datasetName?: string;
  readonly datasetUUID?: string;
}

function flockerModel(props: FlockerSourceOptions | undefined): FlockerModel {
  const p: Partial<FlockerSourceOptions> = isPlainObject(props) ? props : {};
  return { datasetName: p.datasetName ?? undefined, datasetUUID: p.datasetUUID ?? undefined };
}

/** The props' shapes: what a JavaScript or Python caller can get wrong that TypeScript would stop. */
function flockerShapes(props: unknown, at: FieldPath): Finding[] {
  const p: Partial<Record<keyof FlockerSourceOptions, unknown>> = isPlainObject(props) ? props : {};
  return [
    ...stringShape(at.child('datasetName'), p.datasetName, 'a string, the dataset\'s name'),
    ...stringShape(at.child('datasetUUID'), p.datasetUUID, 'a string, the dataset\'s UUID'),
  ];
}

/** Given and not empty; a value of another type counts as given (its shape rule reports it). */
const isSet = (v: unknown): boolean => (isString(v) ? v.length > 0 : given(v));

/** Characters as Flocker's API counts them (JSON Schema lengths count code points). */
const codePoints = (s: string): number => [...s].length;

/** kube-apiserver's flocker rules (reference §1.5), plus the dataset formats Flocker's API takes. */
function flockerRules(m: FlockerModel, at: FieldPath): Finding[] {
  const out: Finding[] = [];
  const { datasetName: name, datasetUUID: uuid } = m;
  if (!isSet(name) && !isSet(uuid)) out.push(required(at, 'one of datasetName and datasetUUID is required'));
  if (isString(name) && name && isString(uuid) && uuid) out.push(invalid(at, 'resource', 'datasetName and datasetUUID can not be specified simultaneously'));
  if (isString(name)) {
    if (name.includes('/')) out.push(invalid(at.child('datasetName'), name, 'must not contain \'/\''));
    if (codePoints(name) > DATASET_NAME_MAX) {
      out.push(invalid(at.child('datasetName'), name, `must be no more than ${DATASET_NAME_MAX} characters (Flocker keeps it as a dataset metadata value)`));
    }
    out.push(...textRules(at.child('datasetName'), name));
  }
  if (isString(uuid)) {
    if (uuid && codePoints(uuid) !== DATASET_ID_LENGTH) {
      out.push(invalid(at.child('datasetUUID'), uuid, 'must be a Flocker dataset ID: a UUID of 36 characters, e.g. "1f5cf4ae-3b8e-4f1a-9c2d-0a1b2c3d4e5f"'));
    }
    out.push(...textRules(at.child('datasetUUID'), uuid));
  }
  return out;
}

/** What the flocker plugin serves (reference §2): one node at a time, filesystems, no mount options. */
const FLOCKER_CAPABILITIES: Capabilities = {
  accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
  accessModesWhy: 'a Flocker dataset is attached to one node at a time: the flocker plugin serves ReadWriteOnce only',
  block: false,
  blockWhy: 'the flocker plugin mounts filesystems only',
  mountOptions: false,
};

/**
 * The flocker source, carried by a Pod volume or a PersistentVolume. It has no readOnly field:
 * mount it read-only with `container.mount(path, volume, { readOnly: true })`.
 */
export function flockerSource(props: unknown): VolumeSource {
  const m = flockerModel(props as FlockerSourceOptions);
  return {
    ...pluginPolicy(Plugin.FLOCKER, VolumeImplementation.AUTO),
    bind: (site: SourceSite): BoundSource => {
      const at = site.root.child('flocker');
      const shapes = flockerShapes(props, at); // the props do not change: checked once
      const pv = site.persistentVolume;
      return {
        field: 'flocker',
        readOnly: false,
        capabilities: () => FLOCKER_CAPABILITIES,
        rules: () => [...shapes, ...flockerRules(m, at), ...(pv ? mountOptionsAnnotationRules(pv.metadata, FLOCKER_CAPABILITIES) : [])],
        // the generated type (datasetUuid): cdk8s-plus-27 and the PersistentVolume write it as datasetUUID
        render: () => ({ flocker: { datasetName: m.datasetName, datasetUuid: m.datasetUUID } satisfies k8s.FlockerVolumeSource }),
      };
    },
  };
}
