import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { captureWarnings, expectSynthErrors, kinds, only, storageChart, synthValid } from './helpers';
import { KubernetesVersion, FlockerPersistentVolume, FlockerPersistentVolumeProps, FlockerVolume, FlockerVolumeProps } from '../src';

const UUID = '1f5cf4ae-3b8e-4f1a-9c2d-0a1b2c3d4e5f';
const V1_24 = KubernetesVersion.V1_24;
const DEPRECATED = 'deprecated in v1.22, non-functional in v1.25+ (target 1.24)';
const UNSAFE_TEXT = 'must not contain control characters, line separators (U+0085, U+2028, U+2029) or non-characters: cdk8s writes them so that YAML readers refuse or misread the manifest';
const RWO_ONLY = 'supported values: "ReadWriteOnce"; a Flocker dataset is attached to one node at a time: the flocker plugin serves ReadWriteOnce only';

function removed(target: string): string {
  return `in-tree flocker was removed in 1.25 (target ${target}); no CSI migration exists: move the datasets to a backend with a CSI driver`;
}

/** A Pod volume named "data" at 1.24 (or the given chart). */
function podVolume(props: Partial<FlockerVolumeProps>, chart: Chart = storageChart({ kubernetesVersion: V1_24 })): Chart {
  new FlockerVolume(chart, 'Data', { name: 'data', ...props });
  return chart;
}

/** A 1 GiB PersistentVolume named "flocker-pv" at 1.24 in namespace "db" (or the given chart). */
function persistentVolume(props: Partial<FlockerPersistentVolumeProps>, chart: Chart = storageChart({ kubernetesVersion: V1_24, namespace: 'db' })): Chart {
  new FlockerPersistentVolume(chart, 'Pv', { storage: Size.gibibytes(1), metadata: { name: 'flocker-pv' }, ...props });
  return chart;
}

/** Synth errors, with the deprecation warning (if any) swallowed. */
function expectErrors(chart: Chart, lines: string[]): void {
  captureWarnings(() => expectSynthErrors(chart, lines));
}

describe('FlockerVolume', () => {
  test('the seed\'s Pod at 1.24: a flocker volume by dataset name, mounted at /flocker, with the deprecation warning', () => {
    // GIVEN
    const chart = storageChart({ kubernetesVersion: V1_24 });
    const pod = new kplus.Pod(chart, 'Pod', {
      metadata: { name: 'some-pod' },
      containers: [{ name: 'some-container', image: 'kubernetes/pause', securityContext: { ensureNonRoot: false } }],
    });
    // WHEN
    const vol = new FlockerVolume(chart, 'Flocker', { name: 'flocker-volume', datasetName: 'some-flocker-dataset' });
    pod.containers[0].mount('/flocker', vol);
    // THEN
    let docs: any[] = [];
    const warnings = captureWarnings(() => { docs = synthValid(chart); });
    expect(warnings).toEqual([`Warning: [test/Flocker] volumes[flocker-volume].flocker: ${DEPRECATED}`]);
    expect(kinds(docs)).toEqual(['Pod']);
    const spec = only(docs, 'Pod').spec;
    expect(spec.volumes).toEqual([{ name: 'flocker-volume', flocker: { datasetName: 'some-flocker-dataset' } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/flocker', name: 'flocker-volume' }]);
  });

  test('by dataset UUID, spelled datasetUUID in the manifest', () => {
    const chart = podVolume({ datasetUUID: UUID });
    const dep = new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] });
    dep.addVolume((chart.node.findChild('Data') as FlockerVolume).asVolume());
    let docs: any[] = [];
    captureWarnings(() => { docs = synthValid(chart); });
    expect(only(docs, 'Deployment').spec.template.spec.volumes).toEqual([{ name: 'data', flocker: { datasetUUID: UUID } }]);
  });

  test('asVolume returns the same volume every time; the name defaults to one from the construct path', () => {
    const chart = storageChart({ kubernetesVersion: V1_24 });
    const vol = new FlockerVolume(chart, 'Data', { datasetName: 'pg' });
    expect(vol.asVolume()).toBe(vol.asVolume());
    expect(vol.name).toMatch(/^test-data-[a-z0-9]+$/);
    expect(vol.asVolume().name).toEqual(vol.name);
    expect(vol.kubernetesVersion).toBe(V1_24);
  });

  test.each([['1.25'], ['1.36']])('at %s synthesis fails: the plugin is gone and nothing replaces it', (version) => {
    const chart = podVolume({ datasetName: 'pg' }, storageChart({ kubernetesVersion: KubernetesVersion.of(version) }));
    let warnings: string[] = [];
    warnings = captureWarnings(() => expectSynthErrors(chart, [`[test/Data] volumes[data].flocker: Forbidden: ${removed(version)}`]));
    expect(warnings).toEqual([]);
  });

  test('the construct\'s kubernetesVersion overrides the app\'s target', () => {
    const chart = podVolume({ datasetName: 'pg', kubernetesVersion: V1_24 }, storageChart({ kubernetesVersion: KubernetesVersion.V1_30 }));
    expect(captureWarnings(() => synthValid(chart))).toEqual([`Warning: [test/Data] volumes[data].flocker: ${DEPRECATED}`]);
  });

  test('at 1.25 every other error is reported too', () => {
    const chart = podVolume({ datasetName: 'a/b' }, storageChart({ kubernetesVersion: KubernetesVersion.V1_25 }));
    expectErrors(chart, [
      `[test/Data] volumes[data].flocker: Forbidden: ${removed('1.25')}`,
      '[test/Data] volumes[data].flocker.datasetName: Invalid value: "a/b": must not contain \'/\'',
    ]);
  });
});

describe('Flocker source rules, in kube-apiserver\'s words', () => {
  test.each([
    ['neither given', {}],
    ['both empty', { datasetName: '', datasetUUID: '' }],
  ])('%s: Required at the source', (_name, props) => {
    expectErrors(podVolume(props), ['[test/Data] volumes[data].flocker: Required value: one of datasetName and datasetUUID is required']);
  });

  test('both given: Invalid with the value "resource"', () => {
    expectErrors(podVolume({ datasetName: 'pg', datasetUUID: UUID }), [
      '[test/Data] volumes[data].flocker: Invalid value: "resource": datasetName and datasetUUID can not be specified simultaneously',
    ]);
  });

  test('an empty datasetName next to a datasetUUID counts as absent', () => {
    let docs: any[] = [];
    captureWarnings(() => { docs = synthValid(persistentVolume({ datasetName: '', datasetUUID: UUID })); });
    expect(only(docs, 'PersistentVolume').spec.flocker).toEqual({ datasetName: '', datasetUUID: UUID });
  });

  test('a datasetName with \'/\'', () => {
    expectErrors(persistentVolume({ datasetName: 'pg/data' }), ['[test/Pv] spec.flocker.datasetName: Invalid value: "pg/data": must not contain \'/\'']);
  });

  test('a datasetName longer than Flocker\'s 256-character metadata values', () => {
    const long = 'n'.repeat(257);
    expectErrors(podVolume({ datasetName: long }), [
      `[test/Data] volumes[data].flocker.datasetName: Invalid value: "${long}": must be no more than 256 characters (Flocker keeps it as a dataset metadata value)`,
    ]);
    captureWarnings(() => synthValid(podVolume({ datasetName: 'n'.repeat(256) })));
  });

  test.each([['1f5cf4ae'], [`${UUID}0`]])('a datasetUUID of the wrong length: %s', (uuid) => {
    expectErrors(podVolume({ datasetUUID: uuid }), [
      `[test/Data] volumes[data].flocker.datasetUUID: Invalid value: "${uuid}": must be a Flocker dataset ID: a UUID of 36 characters, e.g. "1f5cf4ae-3b8e-4f1a-9c2d-0a1b2c3d4e5f"`,
    ]);
  });

  test('text the manifest cannot carry, escaped so each error stays on one line', () => {
    expectErrors(podVolume({ datasetName: 'pg\u2028' }), [`[test/Data] volumes[data].flocker.datasetName: Invalid value: "pg\\u2028": ${UNSAFE_TEXT}`]);
    expectErrors(podVolume({ datasetUUID: `${UUID.slice(0, 35)}\u0007` }), [
      `[test/Data] volumes[data].flocker.datasetUUID: Invalid value: "${UUID.slice(0, 35)}\\u0007": ${UNSAFE_TEXT}`,
    ]);
  });

  test('an invalid Pod volume name', () => {
    expectErrors(podVolume({ name: 'Data', datasetName: 'pg' }), [
      '[test/Data] volumes[Data].name: Invalid value: "Data": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
    ]);
  });
});

describe('FlockerPersistentVolume', () => {
  test('at 1.24: spec.flocker, exact capacity, ReadWriteOnce, and a claim reserved for it', () => {
    // GIVEN
    const chart = storageChart({ kubernetesVersion: V1_24, namespace: 'db' });
    // WHEN
    const pv = new FlockerPersistentVolume(chart, 'Pv', { datasetUUID: UUID, storage: Size.mebibytes(512), metadata: { name: 'flocker-pv' } });
    const claim = pv.reserve();
    // THEN
    let docs: any[] = [];
    const warnings = captureWarnings(() => { docs = synthValid(chart); });
    expect(warnings).toEqual([`Warning: [test/Pv] spec.flocker: ${DEPRECATED}`]);
    expect(kinds(docs)).toEqual(['PersistentVolume', 'PersistentVolumeClaim']);
    const v = only(docs, 'PersistentVolume');
    expect(v.apiVersion).toEqual('v1');
    expect(v.metadata).toEqual({ name: 'flocker-pv' });
    expect(v.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '512Mi' },
      claimRef: { name: claim.name, namespace: 'db' },
      flocker: { datasetUUID: UUID },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    expect(only(docs, 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '512Mi' } },
      storageClassName: '',
      volumeMode: 'Filesystem',
      volumeName: 'flocker-pv',
    });
  });

  test('mounted in a workload through its claim; read-only only where the container mount says so', () => {
    const chart = persistentVolume({ datasetName: 'pg' });
    const pv = chart.node.findChild('Pv') as FlockerPersistentVolume;
    const dep = new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] });
    dep.containers[0].mount('/data', pv, { readOnly: true });
    let docs: any[] = [];
    captureWarnings(() => { docs = synthValid(chart); });
    const claim = only(docs, 'PersistentVolumeClaim');
    const spec = only(docs, 'Deployment').spec.template.spec;
    expect(spec.volumes).toEqual([{ name: `pvc-${claim.metadata.name}`, persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: false } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/data', name: `pvc-${claim.metadata.name}`, readOnly: true }]);
  });

  test.each([['1.25'], ['1.36']])('at %s synthesis fails with the reason', (version) => {
    const chart = persistentVolume({ datasetName: 'pg' }, storageChart({ kubernetesVersion: KubernetesVersion.of(version), namespace: 'db' }));
    expectErrors(chart, [`[test/Pv] spec.flocker: Forbidden: ${removed(version)}`]);
  });

  test.each([
    [kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
    [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
  ])('access mode %s is refused with the reason', (mode) => {
    expectErrors(persistentVolume({ datasetName: 'pg', accessModes: [mode] }), [`[test/Pv] spec.accessModes[0]: Unsupported value: "${mode}": ${RWO_ONLY}`]);
  });

  test('ReadWriteOncePod: at 1.24 kube-apiserver itself refuses it (its feature gate is off)', () => {
    expectErrors(persistentVolume({ datasetName: 'pg', accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] }), [
      '[test/Pv] spec.accessModes[0]: Unsupported value: "ReadWriteOncePod": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce"; ReadWriteOncePod is served from 1.27 (target 1.24): its feature gate is off before',
    ]);
  });

  test('volumeMode Block is refused', () => {
    expectErrors(persistentVolume({ datasetName: 'pg', volumeMode: kplus.PersistentVolumeMode.BLOCK }), [
      '[test/Pv] spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; the flocker plugin mounts filesystems only',
    ]);
  });

  test('mount options are refused, in spec.mountOptions and in the legacy annotation', () => {
    const chart = persistentVolume({
      datasetName: 'pg',
      mountOptions: ['noatime'],
      metadata: { name: 'flocker-pv', annotations: { 'volume.beta.kubernetes.io/mount-options': 'noatime' } },
    });
    expectErrors(chart, [
      '[test/Pv] spec.mountOptions: Forbidden: may not specify mount options for this volume type (the kubelet refuses to mount it)',
      '[test/Pv] metadata.annotations.volume.beta.kubernetes.io/mount-options: Forbidden: may not specify mount options for this volume type',
    ]);
  });

  test('the legacy annotation is refused even when empty, and when added after construction', () => {
    const chart = persistentVolume({ datasetName: 'pg' });
    (chart.node.findChild('Pv') as FlockerPersistentVolume).metadata.addAnnotation('volume.beta.kubernetes.io/mount-options', '');
    expectErrors(chart, ['[test/Pv] metadata.annotations.volume.beta.kubernetes.io/mount-options: Forbidden: may not specify mount options for this volume type']);
  });

  test('source rules use the PersistentVolume\'s paths', () => {
    expectErrors(persistentVolume({}), ['[test/Pv] spec.flocker: Required value: one of datasetName and datasetUUID is required']);
    expectErrors(persistentVolume({ datasetName: 'pg', datasetUUID: UUID }), [
      '[test/Pv] spec.flocker: Invalid value: "resource": datasetName and datasetUUID can not be specified simultaneously',
    ]);
  });
});

describe('Flocker props as a JavaScript or Python caller may pass them', () => {
  test('a value of another type is reported in the field\'s words, and counts as given', () => {
    expectErrors(podVolume({ datasetName: 5 as any }), [
      '[test/Data] volumes[data].flocker.datasetName: Invalid value: 5: must be a string, the dataset\'s name (got a number)',
    ]);
    expectErrors(persistentVolume({ datasetName: 'pg', datasetUUID: ['a'] as any }), [
      '[test/Pv] spec.flocker.datasetUUID: Invalid value: ["a"]: must be a string, the dataset\'s UUID (got a list)',
    ]);
  });

  test('null is not given, as Python\'s None', () => {
    let docs: any[] = [];
    captureWarnings(() => { docs = synthValid(persistentVolume({ datasetName: null as any, datasetUUID: UUID })); });
    expect(only(docs, 'PersistentVolume').spec.flocker).toEqual({ datasetUUID: UUID });
  });

  test('props that are no object: nothing given, never a TypeError', () => {
    const chart = storageChart({ kubernetesVersion: V1_24 });
    const vol = new FlockerVolume(chart, 'Data', null as any);
    expectErrors(chart, [`[test/Data] volumes[${vol.name}].flocker: Required value: one of datasetName and datasetUUID is required`]);
  });

  test('PersistentVolume props that are no object: every required prop is missing, never a TypeError', () => {
    const chart = storageChart({ kubernetesVersion: V1_24 });
    new FlockerPersistentVolume(chart, 'Pv', null as any);
    expectErrors(chart, [
      '[test/Pv] spec.capacity: Required value',
      '[test/Pv] spec.flocker: Required value: one of datasetName and datasetUUID is required',
    ]);
  });

  test('a datasetName\'s length is counted in characters, as Flocker\'s API counts it', () => {
    captureWarnings(() => synthValid(podVolume({ datasetName: '𝔡'.repeat(256) })));
    expectErrors(podVolume({ datasetName: '𝔡'.repeat(257) }), [
      `[test/Data] volumes[data].flocker.datasetName: Invalid value: "${'𝔡'.repeat(257)}": must be no more than 256 characters (Flocker keeps it as a dataset metadata value)`,
    ]);
  });
});
