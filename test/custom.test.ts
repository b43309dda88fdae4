import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import fc from 'fast-check';
import { expectSynthErrors, only, storageChart, synthErrors, synthValid, synthWithWarnings } from './helpers';
import {
  CustomPersistentVolume, CustomVolume, IVolumeSource, KubernetesVersion, StoragePersistentVolume, StoragePersistentVolumeProps,
  StorageVolume, VolumeSourceBindOptions, VolumeSourceBinding, VolumeSourceProblemType,
} from '../src';
import { mostly } from './helpers/arbitraries';

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const IMAGE = { image: 'busybox:1.36' };
const HOSTNAME = [{ matchLabelExpressions: [{ key: 'kubernetes.io/hostname', values: ['node-1'] }] }];

/** A source from a function of the bind options, as a user would write a class. */
function source(bind: (scope: Construct, options: VolumeSourceBindOptions) => VolumeSourceBinding): IVolumeSource {
  return { bind };
}

/** Fibre Channel, which the library has no construct for: a Pod volume or a PersistentVolume. */
class FibreChannel implements IVolumeSource {
  public readonly calls: VolumeSourceBindOptions[] = [];
  constructor(private readonly lun: number) {}
  public bind(_scope: Construct, options: VolumeSourceBindOptions): VolumeSourceBinding {
    this.calls.push(options);
    const fcSource: k8s.FcVolumeSource = { targetWwNs: ['500a0982991b8dc5', '500a0982891b8dc5'], lun: this.lun, fsType: 'xfs', readOnly: true };
    return {
      volume: { name: options.name, fc: fcSource },
      persistentVolumeSpec: { fc: fcSource },
      accessModes: [RWO, ROX],
      accessModesReason: 'Fibre Channel volumes are mounted read-write by one node',
    };
  }
}

const local = (path: unknown, extra: object = {}): IVolumeSource =>
  source(() => ({ persistentVolumeSpec: { local: { path } as k8s.LocalVolumeSource }, accessModes: [RWO], ...extra }));

describe('CustomPersistentVolume', () => {
  test('writes the source field the source binds, with the volume\'s own fields from its props, and reserve() claims it', () => {
    const chart = storageChart({ namespace: 'db' });
    const pv = new CustomPersistentVolume(chart, 'Ssd', {
      metadata: { name: 'ssd-node-1' },
      source: local('/mnt/disks/ssd1'),
      storage: Size.gibibytes(375),
      storageClassName: 'local-ssd',
      nodeAffinity: HOSTNAME,
    });
    const claim = pv.reserve({ metadata: { name: 'data' } });
    const docs = synthValid(chart);
    expect(only(docs, 'PersistentVolume')).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'ssd-node-1' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: '375Gi' },
        claimRef: { name: 'data', namespace: 'db' },
        local: { path: '/mnt/disks/ssd1' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }] } },
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'local-ssd',
        volumeMode: 'Filesystem',
      },
    });
    expect(claim.name).toBe('data');
    expect(only(docs, 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '375Gi' } },
      storageClassName: 'local-ssd',
      volumeMode: 'Filesystem',
      volumeName: 'ssd-node-1',
    });
  });

  test('the source is written through the generated converter: code names in, the manifest\'s names out (targetWwNs → targetWWNs); bound once, with what it is bound to', () => {
    const chart = storageChart({ kubernetesVersion: KubernetesVersion.V1_30, namespace: 'db' });
    const fcSource = new FibreChannel(2);
    const pv = new CustomPersistentVolume(chart, 'San', { metadata: { name: 'san' }, source: fcSource, storage: Size.gibibytes(100), accessModes: [ROX] });
    const pod = new kplus.Pod(chart, 'Reader', { containers: [IMAGE] });
    pod.containers[0].mount('/data', pv);
    const claim = pv.reserve();
    const docs = synthValid(chart);
    expect(only(docs, 'PersistentVolume').spec.fc).toEqual({ targetWWNs: ['500a0982991b8dc5', '500a0982891b8dc5'], lun: 2, fsType: 'xfs', readOnly: true });
    expect(fcSource.calls).toEqual([{ kubernetesVersion: KubernetesVersion.V1_30, name: 'san', persistentVolume: true }]);
    // a read-only source: the Pod mounts its claim read-only
    expect(only(docs, 'Pod').spec.volumes).toEqual([{ name: `pvc-${claim.name}`, persistentVolumeClaim: { claimName: claim.name, readOnly: true } }]);
  });

  test('a source that creates its Secret in the carrier\'s scope: the Secret is the volume\'s child, and only its name is in the volume', () => {
    const chart = storageChart({ namespace: 'apps' });
    const withSecret = source((scope) => {
      const secret = new kplus.Secret(scope, 'Secret', { stringData: { password: 'p4ss' } });
      return { persistentVolumeSpec: { csi: { driver: 'block.csi.example.com', volumeHandle: 'vol-1', nodeStageSecretRef: { name: secret.name, namespace: 'apps' } } } };
    });
    new CustomPersistentVolume(chart, 'Os', { metadata: { name: 'os' }, source: withSecret, storage: Size.gibibytes(5) });
    const docs = synthValid(chart);
    const secret = only(docs, 'Secret');
    expect(secret.metadata.name).toMatch(/^test-os-secret-/);
    expect(only(docs, 'PersistentVolume').spec.csi).toEqual({ driver: 'block.csi.example.com', volumeHandle: 'vol-1', nodeStageSecretRef: { name: secret.metadata.name, namespace: 'apps' } });
    expect(JSON.stringify(only(docs, 'PersistentVolume'))).not.toContain('p4ss');
  });

  test('the volume\'s props are checked against what the source says its plugin serves: access modes (with its reason), Block, mount options', () => {
    const chart = storageChart();
    new CustomPersistentVolume(chart, 'San', { metadata: { name: 'san' }, source: new FibreChannel(0), storage: Size.gibibytes(1), accessModes: [RWX] });
    new CustomPersistentVolume(chart, 'Ssd', {
      metadata: { name: 'ssd' },
      source: local('/mnt/ssd', { block: false, mountOptions: false }),
      storage: Size.gibibytes(1),
      nodeAffinity: HOSTNAME,
      volumeMode: kplus.PersistentVolumeMode.BLOCK,
      mountOptions: ['noatime'],
    });
    expectSynthErrors(chart, [
      '[test/San] spec.accessModes[0]: Unsupported value: "ReadWriteMany": supported values: "ReadWriteOnce", "ReadOnlyMany"; Fibre Channel volumes are mounted read-write by one node',
      '[test/Ssd] spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; the source says its plugin serves no raw block devices (VolumeSourceBinding.block)',
      '[test/Ssd] spec.mountOptions: Forbidden: may not specify mount options for this volume type (the kubelet refuses to mount it)',
    ]);
  });

  test('what the source binds is checked against k8s.PersistentVolumeSpec: unknown fields, the manifest spelling, types, required fields, one source, the volume\'s own fields — all at once, nothing written', () => {
    const chart = storageChart();
    const bad = (id: string, spec: object) => new CustomPersistentVolume(chart, id, {
      metadata: { name: id.toLowerCase() },
      source: source(() => ({ persistentVolumeSpec: spec as k8s.PersistentVolumeSpec })),
      storage: Size.gibibytes(1),
    });
    bad('Typo', { fc: { lunn: 1, wwids: ['3600508b400105e210000900000490000'] } });
    bad('Spelling', { fc: { targetWWNs: ['500a0982991b8dc5'], lun: 1 } });
    bad('Types', { fc: { targetWwNs: '500a0982991b8dc5', lun: '1', readOnly: 'yes' } });
    bad('Fraction', { fc: { wwids: ['x'], lun: 1.5 } });
    bad('Missing', { hostPath: {} });
    bad('Two', { hostPath: { path: '/mnt' }, nfs: { server: 'nfs.example.com', path: '/' } });
    bad('None', {});
    bad('Own', { hostPath: { path: '/mnt' }, capacity: { storage: k8s.Quantity.fromString('1Gi') } });
    bad('Quantity', { hostPath: { path: '/mnt' }, capacity: { storage: k8s.Quantity.fromString('lots') } });
    expect(synthErrors(chart).sort()).toEqual([
      '[test/Fraction] spec.fc.lun: Invalid value: 1.5: must be a whole number (got a fraction or out of range)',
      '[test/Missing] spec.hostPath.path: Required value',
      '[test/None] spec: Required value: must specify a volume type',
      '[test/Own] spec.capacity: Forbidden: the PersistentVolume\'s own field, set in its props: the source writes its source field only',
      '[test/Quantity] spec.capacity[storage]: Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      '[test/Quantity] spec.capacity: Forbidden: the PersistentVolume\'s own field, set in its props: the source writes its source field only',
      '[test/Spelling] spec.fc.targetWWNs: Forbidden: the generated k8s types spell this field of FCVolumeSource "targetWwNs" (the manifest\'s "targetWWNs"): write targetWwNs',
      '[test/Two] spec.nfs: Forbidden: may not specify more than 1 volume type',
      '[test/Typo] spec.fc.lunn: Forbidden: unknown field: FCVolumeSource has "fsType", "lun", "readOnly", "targetWWNs", "wwids"',
      '[test/Types] spec.fc.lun: Invalid value: "1": must be a whole number (got a string)',
      '[test/Types] spec.fc.readOnly: Invalid value: "yes": must be true or false (got a string)',
      '[test/Types] spec.fc.targetWWNs: Invalid value: "500a0982991b8dc5": must be a list (got a string)',
    ].sort());
  });

  test('the source\'s own problems are reported at its field, in kube-apiserver\'s words, with the carrier\'s errors', () => {
    const chart = storageChart();
    const checked = source(() => ({
      persistentVolumeSpec: { fc: { lun: 300 } },
      problems: [
        { field: '', type: VolumeSourceProblemType.REQUIRED, detail: 'must specify either targetWWNs or wwids' },
        { field: 'lun', type: VolumeSourceProblemType.INVALID, value: '300', detail: 'must be between 0 and 255, inclusive' },
      ],
    }));
    new CustomPersistentVolume(chart, 'San', { metadata: { name: 'San' }, source: checked, storage: Size.gibibytes(1) });
    expectSynthErrors(chart, [
      '[test/San] spec.fc: Required value: must specify either targetWWNs or wwids',
      '[test/San] spec.fc.lun: Invalid value: "300": must be between 0 and 255, inclusive',
      expect.stringMatching(/^\[test\/San\] metadata\.name: Invalid value: "San": a lowercase RFC 1123 subdomain/) as unknown as string,
    ]);
  });

  test('a source that serves Pods only, one whose bind() throws, and one that is no source at all', () => {
    const chart = storageChart();
    new CustomPersistentVolume(chart, 'PodOnly', { metadata: { name: 'pod-only' }, source: source((_, o) => ({ volume: { name: o.name, emptyDir: {} } })), storage: Size.gibibytes(1) });
    new CustomPersistentVolume(chart, 'Throws', { metadata: { name: 'throws' }, source: source(() => { throw new Error('no WWNs configured'); }), storage: Size.gibibytes(1) });
    new CustomPersistentVolume(chart, 'NotOne', { metadata: { name: 'not-one' }, source: 'local' as unknown as IVolumeSource, storage: Size.gibibytes(1) });
    new CustomPersistentVolume(chart, 'Returns', { metadata: { name: 'returns' }, source: source(() => 42 as unknown as VolumeSourceBinding), storage: Size.gibibytes(1) });
    expectSynthErrors(chart, [
      '[test/PodOnly] spec: Required value: must specify a volume type: the source\'s bind() gave no persistentVolumeSpec, so it serves no PersistentVolume',
      '[test/Throws] source: Invalid value: "bind()": the source\'s bind() threw: no WWNs configured',
      '[test/NotOne] source: Invalid value: "local": must be an IVolumeSource: an object with a bind(scope, options) method',
      '[test/Returns] source: Invalid value: 42: bind() must return a VolumeSourceBinding (an object)',
    ]);
  });

  test('what the binding declares beside the source, and the generated types\' other shapes, from a JavaScript caller: each named with its value', () => {
    const chart = storageChart();
    const pv = (id: string, binding: object) => new CustomPersistentVolume(chart, id, {
      metadata: { name: id.toLowerCase() }, source: source(() => binding as VolumeSourceBinding), storage: Size.gibibytes(1),
    });
    const hostPath = { hostPath: { path: '/srv' } };
    pv('Modes', { persistentVolumeSpec: hostPath, accessModes: ['ReadWriteSometimes', 7, undefined] });
    pv('NoList', { persistentVolumeSpec: hostPath, accessModes: 'ReadWriteOnce', problems: 'none', block: 'no', mountOptions: 0, accessModesReason: 5 });
    pv('Problem', { persistentVolumeSpec: hostPath, problems: [{ field: 'path', type: 'Bad value', detail: 'x' }] });
    pv('Shapes', {
      persistentVolumeSpec: {
        csi: { driver: 'block.csi.example.com', volumeHandle: 'v', volumeAttributes: 'a=b', nodeStageSecretRef: 'creds' },
        claimRef: { name: 'c', namespace: 'ns' },
      },
    });
    pv('Nulls', { persistentVolumeSpec: { fc: { wwids: ['3600508b400105e210000900000490000', null] } } });
    expect(synthErrors(chart).sort()).toEqual([
      '[test/Modes] source.bind().accessModes[0]: Unsupported value: "ReadWriteSometimes": supported values: "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"',
      '[test/Modes] source.bind().accessModes[1]: Invalid value: 7: must be an access mode, such as PersistentVolumeAccessMode.READ_WRITE_ONCE (got a number)',
      '[test/Modes] source.bind().accessModes[2]: Invalid value: undefined: must be an access mode, such as PersistentVolumeAccessMode.READ_WRITE_ONCE (got undefined)',
      '[test/NoList] source.bind().accessModes: Invalid value: "ReadWriteOnce": must be a list of access modes, such as [PersistentVolumeAccessMode.READ_WRITE_ONCE] (got a string)',
      '[test/NoList] source.bind().accessModesReason: Invalid value: 5: must be a string (got a number)',
      '[test/NoList] source.bind().block: Invalid value: "no": must be true or false (got a string)',
      '[test/NoList] source.bind().mountOptions: Invalid value: 0: must be true or false (got a number)',
      '[test/NoList] source.bind().problems: Invalid value: "none": must be a list of VolumeSourceProblem (got a string)',
      '[test/Nulls] spec.fc.wwids[1]: Invalid value: null: must not be null in a list',
      '[test/Problem] source.bind().problems[0]: Invalid value: {"field":"path","type":"Bad value","detail":"x"}: ' +
        'must be a VolumeSourceProblem: { field: string, type: VolumeSourceProblemType, detail: string, value?: string }',
      '[test/Shapes] spec.claimRef: Forbidden: the PersistentVolume\'s own field, set in its props: the source writes its source field only',
      '[test/Shapes] spec.csi.nodeStageSecretRef: Invalid value: "creds": must be an object, a SecretReference (got a string)',
      '[test/Shapes] spec.csi.volumeAttributes: Invalid value: "a=b": must be a map (got a string)',
    ].sort());
  });

  test('a local source needs the volume\'s node affinity, as kube-apiserver says', () => {
    const chart = storageChart();
    new CustomPersistentVolume(chart, 'Ssd', { metadata: { name: 'ssd' }, source: local('/mnt/ssd'), storage: Size.gibibytes(1) });
    expectSynthErrors(chart, ['[test/Ssd] spec.nodeAffinity: Required value: Local volume requires node affinity']);
  });

  test('a StoragePersistentVolume subclass carries its source with carry(): once', () => {
    class LocalDisk extends StoragePersistentVolume {
      constructor(scope: Construct, id: string, props: StoragePersistentVolumeProps & { readonly path: string }) {
        super(scope, id, props);
        this.carry(local(props.path));
      }
      public again(): void {
        this.carry(local('/elsewhere'));
      }
    }
    const chart = storageChart();
    const disk = new LocalDisk(chart, 'Disk', { metadata: { name: 'disk' }, path: '/mnt/disk', storage: Size.gibibytes(1), nodeAffinity: HOSTNAME });
    expect(only(synthValid(chart), 'PersistentVolume').spec.local).toEqual({ path: '/mnt/disk' });
    disk.again();
    expectSynthErrors(chart, ['[test/Disk] spec: Forbidden: the volume carries a source already: a subclass calls carry(source) once, and the first source stays']);
  });
});

describe('CustomVolume', () => {
  test('a Pod volume of the source\'s volume: written by cdk8s-plus-27 as its own, in the manifest\'s spelling', () => {
    const chart = storageChart();
    const fcSource = new FibreChannel(4);
    const data = new CustomVolume(chart, 'Data', { name: 'data', source: fcSource });
    expect(data).toBeInstanceOf(StorageVolume);
    const pod = new kplus.Pod(chart, 'Db', { containers: [IMAGE] });
    pod.containers[0].mount('/data', data);
    expect(only(synthValid(chart), 'Pod').spec.volumes).toEqual([
      { name: 'data', fc: { targetWWNs: ['500a0982991b8dc5', '500a0982891b8dc5'], lun: 4, fsType: 'xfs', readOnly: true } },
    ]);
    expect(fcSource.calls).toEqual([{ kubernetesVersion: KubernetesVersion.DEFAULT, name: 'data', persistentVolume: false }]);
    expect(data.persistentVolume).toBeUndefined();
  });

  test('the volume is checked against k8s.Volume: its name is the carrier\'s, one source, the fields and types the type declares', () => {
    const chart = storageChart();
    const pod = new kplus.Pod(chart, 'Db', { containers: [IMAGE] });
    const mount = (id: string, name: string, bind: () => unknown) => pod.containers[0].mount(`/${id}`, new CustomVolume(chart, id, { name, source: source(bind as () => VolumeSourceBinding) }));
    mount('Renamed', 'renamed', () => ({ volume: { name: 'other', emptyDir: {} } }));
    mount('Two', 'two', () => ({ volume: { name: 'two', emptyDir: {}, hostPath: { path: '/tmp' } } }));
    mount('Typed', 'typed', () => ({ volume: { name: 'typed', emptyDir: { sizeLimit: '1Gi' } } }));
    mount('PvOnly', 'pv-only', () => ({ persistentVolumeSpec: { local: { path: '/mnt' } } }));
    mount('Bad', 'Bad_Name', () => ({ volume: { name: 'Bad_Name', emptyDir: {} } }));
    expect(synthErrors(chart).sort()).toEqual([
      expect.stringMatching(/^\[test\/Bad\] volumes\[Bad_Name\]\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label/),
      '[test/PvOnly] volumes[pv-only]: Required value: must specify a volume type: the source\'s bind() gave no volume, so it serves no Pod volume',
      '[test/Renamed] volumes[renamed].name: Invalid value: "other": must be the volume\'s name, options.name ("renamed")',
      '[test/Two] volumes[two].hostPath: Forbidden: may not specify more than 1 volume type',
      '[test/Typed] volumes[typed].emptyDir.sizeLimit: Invalid value: "1Gi": must be a k8s.Quantity (Quantity.fromString("1Gi") or Quantity.fromNumber(1)) (got a string)',
    ].sort());
  });

  test('a deprecated source gets kube-apiserver\'s warning, at the path it prints; one no kubelet mounts any more is an error', () => {
    const storageos = source((_, o) => ({
      volume: { name: o.name, storageos: { volumeName: 'data' } },
      persistentVolumeSpec: { storageos: { volumeName: 'data' } },
    }));
    const at = (version: KubernetesVersion) => {
      const chart = storageChart({ kubernetesVersion: version, namespace: 'apps' });
      const pod = new kplus.Pod(chart, 'P', { containers: [IMAGE] });
      pod.containers[0].mount('/data', new CustomVolume(chart, 'Data', { name: 'data', source: storageos }));
      new CustomPersistentVolume(chart, 'Pv', { metadata: { name: 'pv' }, source: storageos, storage: Size.gibibytes(1) });
      return chart;
    };
    expect(synthWithWarnings(at(KubernetesVersion.V1_24)).warnings).toEqual([
      'Warning: [test/Data] volumes[data].storageOS: deprecated in v1.22, non-functional in v1.25+ (target 1.24)',
      'Warning: [test/Pv] spec.storageOS: deprecated in v1.22, non-functional in v1.25+ (target 1.24)',
    ]);
    expectSynthErrors(at(KubernetesVersion.V1_25), [
      '[test/Data] volumes[data].storageOS: Forbidden: deprecated in v1.22, non-functional in v1.25+ (target 1.25): the kubelet has no storageos plugin, and no Pod can mount the volume; move the data to a backend with a CSI driver',
      '[test/Pv] spec.storageOS: Forbidden: deprecated in v1.22, non-functional in v1.25+ (target 1.25): the kubelet has no storageos plugin, and no Pod can mount the volume; move the data to a backend with a CSI driver',
    ]);
  });

  test('a StorageVolume subclass carries its source with carry(): once', () => {
    class Scratch extends StorageVolume {
      constructor(scope: Construct, id: string) {
        super(scope, id, { name: 'scratch' });
        this.carry(source((_, o) => ({ volume: { name: o.name, emptyDir: { medium: 'Memory' } } })));
      }
      public again(): void {
        this.carry(source((_, o) => ({ volume: { name: o.name, hostPath: { path: '/tmp' } } })));
      }
    }
    const chart = storageChart();
    const scratch = new Scratch(chart, 'Scratch');
    new kplus.Pod(chart, 'P', { containers: [IMAGE] }).containers[0].mount('/scratch', scratch);
    expect(only(synthValid(chart), 'Pod').spec.volumes).toEqual([{ name: 'scratch', emptyDir: { medium: 'Memory' } }]);
    scratch.again();
    expectSynthErrors(chart, ['[test/Scratch] volumes[scratch]: Forbidden: the volume carries a source already: a subclass calls carry(source) once, and the first source stays']);
  });

  test('a source may write another field at another version', () => {
    const moving = source((_, o) => (o.kubernetesVersion.minor < 26
      ? { volume: { name: o.name, cinder: { volumeId: 'vol-1' } } }
      : { volume: { name: o.name, csi: { driver: 'cinder.csi.openstack.org', volumeAttributes: { capacity: '1Gi' } } } }));
    const at = (version: KubernetesVersion) => {
      const chart = storageChart({ kubernetesVersion: version });
      const pod = new kplus.Pod(chart, 'P', { containers: [IMAGE] });
      pod.containers[0].mount('/data', new CustomVolume(chart, 'Data', { name: 'data', source: moving }));
      return only(synthValid(chart), 'Pod').spec.volumes[0];
    };
    expect(at(KubernetesVersion.V1_25)).toEqual({ name: 'data', cinder: { volumeID: 'vol-1' } });
    expect(at(KubernetesVersion.V1_26)).toEqual({ name: 'data', csi: { driver: 'cinder.csi.openstack.org', volumeAttributes: { capacity: '1Gi' } } });
  });

  test('whatever a JavaScript source returns, synth reports it or writes valid YAML: never a TypeError', () => {
    const anything = fc.anything({
      withNullPrototype: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      maxDepth: 3,
    });
    // mostly valid, so that some runs write: each field valid 4 times in 5, anything else otherwise
    const often = <T>(valid: fc.Arbitrary<T>) => mostly(valid, anything, 4);
    const shaped = fc.record({
      volume: often(fc.record({ name: fc.constant('data'), emptyDir: often(fc.record({ medium: often(fc.constant('Memory')), sizeLimit: often(fc.constant(k8s.Quantity.fromString('64Mi'))) }, { requiredKeys: [] })) })),
      persistentVolumeSpec: often(fc.record({ hostPath: often(fc.record({ path: often(fc.constant('/srv/data')), type: often(fc.constantFrom('Directory', 'DirectoryOrCreate')) }, { requiredKeys: ['path'] })) })),
      accessModes: often(fc.subarray([RWO, ROX, RWX], { minLength: 1 })),
      block: often(fc.boolean()),
      mountOptions: often(fc.boolean()),
      problems: often(fc.constant([])),
    }, { requiredKeys: [] });
    const ended = { written: 0, rejected: 0 };
    fc.assert(fc.property(mostly(shaped, anything, 4), (binding) => {
      const chart = storageChart();
      const pod = new kplus.Pod(chart, 'P', { containers: [IMAGE] });
      pod.containers[0].mount('/data', new CustomVolume(chart, 'Data', { name: 'data', source: source(() => binding as VolumeSourceBinding) }));
      new CustomPersistentVolume(chart, 'Pv', { metadata: { name: 'pv' }, source: source(() => binding as VolumeSourceBinding), storage: Size.gibibytes(1) });
      try {
        synthValid(chart); // what is written is schema-checked (and judged by the referee)
        ended.written++;
      } catch (e) {
        expect(e).not.toBeInstanceOf(TypeError);
        expect((e as Error).message).toMatch(/^Validation failed with the following errors:\n/);
        ended.rejected++;
      }
    }), { seed: 42, numRuns: 300 });
    // both ends are reached: the property is no test of rejection alone
    expect(ended.written).toBeGreaterThan(0);
    expect(ended.rejected).toBeGreaterThan(0);
  });
});
