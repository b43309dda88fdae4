import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { FlockerPersistentVolume, FlockerVolume, KubernetesVersion } from '../../../../src';
import { buildSize, garbage, mostly, namespace, opt, pyYamlReadable, size, versionName, volumeName } from '../../../helpers/arbitraries';
import { Family, withWrong, wrongField } from '../framework';
import { Stricter } from '../stricter';

/*
 * Flocker exists only through 1.24 (removed in 1.25): most inputs target 1.24, some a later
 * version, where the library refuses the source and the API server (which still has the field)
 * takes it.
 */

const SOURCE_KEYS = ['datasetName', 'datasetUUID', 'name', 'kubernetesVersion'];
const PV_KEYS = ['datasetName', 'datasetUUID', 'storage', 'accessModes', 'volumeMode', 'storageClassName', 'reclaimPolicy', 'mountOptions', 'metadata', 'kubernetesVersion'];

const flockerVersion = fc.oneof({ weight: 4, arbitrary: fc.constant('1.24') }, { weight: 1, arbitrary: versionName });
const targeting = fc.record({ version: flockerVersion, viaContext: fc.boolean() });

/** Dataset names: Flocker metadata values (at most 256 characters), no '/'. */
const datasetName = mostly(
  fc.oneof(fc.stringMatching(/^[a-z0-9][-a-z0-9_.]{0,20}$/), fc.constantFrom('some-flocker-dataset', 'pg', 'Data Set 1', 'n'.repeat(256))),
  fc.oneof(
    fc.constantFrom('', 'a/b', '/', 'pg/', 'n'.repeat(257), 'ü'.repeat(256), '\u2028x'),
    garbage.filter(pyYamlReadable),
  ),
  8,
);

/** Dataset IDs: stringified UUIDs (36 characters); near misses of the wrong length, or of the right length and no UUID. */
const datasetUUID = mostly(
  fc.uuid(),
  fc.oneof(
    fc.uuid().map((u) => u.slice(0, 35)),
    fc.uuid().map((u) => `${u}0`),
    fc.constantFrom('', '1f5cf4ae', 'x'.repeat(36), 'not/a/uuid-but-36-characters-long-xx'),
    garbage.filter(pyYamlReadable),
  ),
  8,
);

/** Mostly exactly one of the two, as kube-apiserver requires; now and then both or neither. */
const dataset = fc.oneof(
  { weight: 6, arbitrary: fc.record({ datasetName }) },
  { weight: 6, arbitrary: fc.record({ datasetUUID }) },
  { weight: 1, arbitrary: fc.record({ datasetName, datasetUUID }) },
  { weight: 1, arbitrary: fc.record({ datasetName: opt(fc.constant('')), datasetUUID: opt(fc.constant('')) }) },
);

/*
 * Pod volume names without '"': the library prints such a name unquoted in a path (volumes[a"b]),
 * which the framework's line parser cannot read (src/core/rules/field-path.ts FieldPath.key; see the
 * helper's report).
 */
const podVolumeName = volumeName.filter((n) => n === undefined || !n.includes('"'));

const workload = (chart: Chart) =>
  new kplus.Deployment(chart, 'App', { replicas: 1, containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });

export const flockerVolume: Family<any> = {
  name: 'FlockerVolume in a Deployment',
  input: fc.record({ dataset, targeting, namespace, name: podVolumeName, wrong: wrongField(SOURCE_KEYS) })
    .map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const vol = new FlockerVolume(chart, 'Data', withWrong({
      ...i.dataset,
      name: i.name,
      kubernetesVersion: i.targeting.viaContext ? undefined : KubernetesVersion.of(i.version),
    }, i.wrong) as any);
    workload(chart).containers[0].mount('/flocker', vol);
  },
};

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const MOUNT_OPTIONS_ANNOTATION = 'volume.beta.kubernetes.io/mount-options';

/**
 * The PersistentVolume's metadata, with only the keys given: cdk8s writes `{ name: undefined }` as a
 * PersistentVolume without a name (see the helper's report on core/rules/metadata.ts metadataOf).
 */
function metadataOf(name: string | undefined, mountOptions: string | undefined) {
  if (name === undefined && mountOptions === undefined) return undefined;
  return {
    ...(name === undefined ? {} : { name }),
    ...(mountOptions === undefined ? {} : { annotations: { [MOUNT_OPTIONS_ANNOTATION]: mountOptions } }),
  };
}

export const flockerPersistentVolume: Family<any> = {
  name: 'FlockerPersistentVolume',
  input: fc.record({
    dataset,
    targeting,
    namespace,
    name: opt(mostly(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/), fc.constantFrom('Upper', 'x'.repeat(254)))),
    storage: size,
    accessModes: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 6, arbitrary: fc.constant([RWO]) },
      { weight: 1, arbitrary: fc.shuffledSubarray(Object.values(kplus.PersistentVolumeAccessMode), { minLength: 1, maxLength: 2 }) },
    ),
    volumeMode: fc.oneof(
      { weight: 6, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(...Object.values(kplus.PersistentVolumeMode)) },
    ),
    storageClassName: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('', 'flocker') }),
    reclaimPolicy: opt(fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy))),
    mountOptions: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(['noatime']) }),
    mountOptionsAnnotation: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('', 'noatime') }),
    use: fc.constantFrom<'none' | 'reserve' | 'mount'>('none', 'reserve', 'reserve', 'mount'),
    wrong: wrongField(PV_KEYS),
  }).map((i) => ({ ...i, version: i.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const pv = new FlockerPersistentVolume(chart, 'Pv', withWrong({
      ...i.dataset,
      kubernetesVersion: i.targeting.viaContext ? undefined : KubernetesVersion.of(i.version),
      metadata: metadataOf(i.name, i.mountOptionsAnnotation),
      storage: buildSize(i.storage),
      accessModes: i.accessModes,
      volumeMode: i.volumeMode,
      storageClassName: i.storageClassName,
      reclaimPolicy: i.reclaimPolicy,
      mountOptions: i.mountOptions,
    }, i.wrong) as any);
    if (i.use === 'reserve') pv.reserve();
    if (i.use === 'mount') workload(chart).addVolume(pv.asVolume());
  },
};

const K8S_124 = 'k8s.io/kubernetes v1.24 (the last release with the plugin)';
const FLOCKER = 'github.com/ClusterHQ/flocker';
const SOURCE = /^(?:volumes\[[^\]]*\]|spec)\.flocker/;

/** Where the library refuses Flocker inputs kube-apiserver accepts, and why. */
export const stricter: Stricter[] = [
  {
    path: new RegExp(`${SOURCE.source}$`),
    line: /in-tree flocker was removed in 1\.25/,
    reason: 'the flocker volume plugin was removed from the kubelet and the controllers in 1.25 and nothing serves the field since: ' +
      'kube-apiserver still accepts it (and warns for a Pod volume: "deprecated in v1.22, non-functional in v1.25+"), but no Pod that uses it ever starts',
    source: 'kubernetes/kubernetes#111618 (remove the flocker volume plugin, 1.25); k8s.io/kubernetes v1.37.2 pkg/api/pod/warnings.go warningsForPodSpecAndMeta',
  },
  {
    path: new RegExp(`${SOURCE.source}\\.datasetUUID$`),
    line: /must be a Flocker dataset ID/,
    reason: 'the plugin hands datasetUUID to the Flocker control service as the dataset_id, which Flocker\'s API defines as a stringified UUID of exactly 36 characters: ' +
      'no dataset has another ID, so GetDatasetState never finds it and the mount fails',
    source: `${FLOCKER} flocker/control/schema/types.yml (dataset_id: minLength 36, maxLength 36); ${K8S_124} pkg/volume/flocker/flocker.go SetUpAt (GetDatasetState(datasetUUID))`,
  },
  {
    path: new RegExp(`${SOURCE.source}\\.datasetName$`),
    line: /must be no more than 256 characters/,
    reason: 'the plugin looks the dataset up by its metadata "name", and Flocker\'s API keeps metadata values of at most 256 characters: no dataset has a longer name, so the lookup never finds it',
    source: `${FLOCKER} flocker/control/schema/types.yml (metadata: patternProperties maxLength 256); ${K8S_124} pkg/volume/flocker/flocker.go GetDatasetUUID (GetDatasetID(datasetName))`,
  },
  {
    path: /^spec\.accessModes\[\d+\]$/,
    line: /a Flocker dataset is attached to one node at a time/,
    reason: 'the flocker plugin declares ReadWriteOnce only: a Flocker dataset has one primary node, and the plugin moves it to the node that mounts it',
    source: `${K8S_124} pkg/volume/flocker/flocker.go GetAccessModes, SetUpAt (updateDatasetPrimary)`,
  },
  {
    path: /^spec\.volumeMode$/,
    line: /the flocker plugin mounts filesystems only/,
    reason: 'the flocker plugin is no BlockVolumePlugin: it bind-mounts the dataset\'s filesystem (/flocker/<dataset id>), so a Block PersistentVolume never maps',
    source: `${K8S_124} pkg/volume/flocker/flocker.go (flockerPlugin implements no volume.BlockVolumePlugin; SetUpAt bind mount)`,
  },
  {
    path: /^spec\.mountOptions$/,
    line: /may not specify mount options for this volume type/,
    // the same row as in flex.ts: the line is core's, whichever file's row is found first judges both
    reason: 'neither the flexVolume nor the flocker plugin supports mount options (SupportsMountOption false): the kubelet refuses to mount a PersistentVolume that has them',
    source: 'k8s.io/kubernetes v1.37.2 pkg/volume/flexvolume/plugin.go SupportsMountOption; k8s.io/kubernetes v1.24 pkg/volume/flocker/flocker.go SupportsMountOption; ' +
      'k8s.io/kubernetes v1.37.2 pkg/volume/util/operationexecutor/operation_generator.go checkMountOptionSupport',
  },
];
