import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { captureWarnings, expectSynthErrors, kinds, only, storageChart, synthErrors, synthValid, synthWithWarnings } from './helpers';
import { FsType, KubernetesVersion, FlexPersistentVolume, FlexPersistentVolumeProps, FlexCredentials, FlexVolume, FlexVolumeProps, TorusVolume, TorusVolumeProps, TorusWriteLevel } from '../src';

const CIFS = 'fstab/cifs';
const deprecated = (target: string) => `deprecated in v1.23, move to a CSI driver for the same storage (target ${target})`;
const DRIVER_WHY = 'the kubelet loads a flexVolume driver only under a qualified name, "<driver>" or "<vendor>/<driver>" (e.g. "coreos.com/torus"), '
  + 'installed as the executable <driver> in the directory <vendor>~<driver> of its volume-plugin directory (default /usr/libexec/kubernetes/kubelet-plugins/volume/exec/)';
// apimachinery's IsQualifiedName, in its words
const NAME_CHARS = 'must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character '
  + '(e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')';
const NAME_PART = `name part ${NAME_CHARS}`;
const PREFIX_PART = 'prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character '
  + '(e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
const QUALIFIED = `a qualified name ${NAME_CHARS} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
const MUST_BE = (what: string, got: string) => `must be ${what} (got ${got})`;
const ACCESS_WHY = 'the flexVolume plugin serves ReadWriteOnce and ReadOnlyMany, and ReadWriteMany only where the driver does: set driverSupportsReadWriteMany when it does';
const UNSAFE_TEXT = 'must not contain control characters, line separators (U+0085, U+2028, U+2029) or non-characters: cdk8s writes them so that YAML readers refuse or misread the manifest';

/** A Pod volume named "share" (in a fresh chart unless given). */
function podVolume(props: Partial<FlexVolumeProps>, chart: Chart = storageChart()): Chart {
  new FlexVolume(chart, 'Share', { driver: CIFS, name: 'share', ...props } as FlexVolumeProps);
  return chart;
}

/** A 1 GiB PersistentVolume named "flex-pv" in namespace "db" (unless another chart is given). */
function persistentVolume(props: Partial<FlexPersistentVolumeProps>, chart: Chart = storageChart({ namespace: 'db' })): Chart {
  new FlexPersistentVolume(chart, 'Pv', { driver: CIFS, storage: Size.gibibytes(1), metadata: { name: 'flex-pv' }, ...props } as FlexPersistentVolumeProps);
  return chart;
}

/** Synth errors; the deprecation warnings every flexVolume prints are swallowed. */
function expectErrors(chart: Chart, lines: string[]): void {
  captureWarnings(() => expectSynthErrors(chart, lines));
}

/** Schema-checked manifests and the warnings printed meanwhile. */
function deploymentWith(chart: Chart, storage: kplus.IStorage): kplus.Deployment {
  const dep = new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] });
  dep.containers[0].mount('/data', storage);
  return dep;
}

describe('FlexVolume', () => {
  test.each([
    [KubernetesVersion.V1_24],
    [KubernetesVersion.V1_30],
    [KubernetesVersion.V1_36],
  ])('at %s: the inline flexVolume source, and the deprecation warning', (version) => {
    // GIVEN
    const chart = storageChart({ kubernetesVersion: version });
    // WHEN
    const vol = new FlexVolume(chart, 'Share', {
      name: 'share',
      driver: CIFS,
      fsType: FsType.of('cifs'),
      readOnly: true,
      options: { networkPath: '//fileserver/share', mountOptions: 'dir_mode=0755' },
    });
    deploymentWith(chart, vol);
    // THEN
    const { docs, warnings } = synthWithWarnings(chart);
    expect(warnings).toEqual([`Warning: [test/Share] volumes[share].flexVolume: ${deprecated(version.name)}`]);
    expect(kinds(docs)).toEqual(['Deployment']);
    const spec = only(docs, 'Deployment').spec.template.spec;
    expect(spec.volumes).toEqual([{
      name: 'share',
      flexVolume: { driver: CIFS, fsType: 'cifs', readOnly: true, options: { networkPath: '//fileserver/share', mountOptions: 'dir_mode=0755' } },
    }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/data', name: 'share' }]);
  });

  test('only the driver is written when nothing else is given; asVolume is idempotent', () => {
    const chart = storageChart();
    const vol = new FlexVolume(chart, 'Share', { driver: CIFS });
    expect(vol.asVolume()).toBe(vol.asVolume());
    deploymentWith(chart, vol);
    const { docs } = synthWithWarnings(chart);
    expect(only(docs, 'Deployment').spec.template.spec.volumes).toEqual([{ name: vol.name, flexVolume: { driver: CIFS } }]);
    expect(vol.name).toMatch(/^test-share-[a-z0-9]+$/);
  });

  test('a Secret created by the library has the driver name as its type; the Pod refers to it by name', () => {
    const chart = storageChart({ namespace: 'db' });
    const vol = new FlexVolume(chart, 'Share', {
      name: 'share', driver: CIFS, credentials: FlexCredentials.fromData({ data: { username: 'kube', password: 's3cret' }, metadata: { name: 'cifs-creds' } }),
    });
    deploymentWith(chart, vol);
    const { docs } = synthWithWarnings(chart);
    expect(kinds(docs)).toEqual(['Secret', 'Deployment']);
    expect(only(docs, 'Secret')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cifs-creds', namespace: 'db' },
      immutable: false,
      type: CIFS,
      stringData: { username: 'kube', password: 's3cret' },
    });
    expect(only(docs, 'Deployment').spec.template.spec.volumes).toEqual([{ name: 'share', flexVolume: { driver: CIFS, secretRef: { name: 'cifs-creds' } } }]);
    expect(JSON.stringify(only(docs, 'Deployment'))).not.toContain('s3cret');
  });

  test('an existing Secret of the app with the driver\'s type is referenced as it is', () => {
    const chart = storageChart({ namespace: 'db' });
    const secret = new kplus.Secret(chart, 'Creds', { type: CIFS, metadata: { name: 'creds' }, stringData: { username: 'kube' } });
    deploymentWith(chart, new FlexVolume(chart, 'Share', { name: 'share', driver: CIFS, credentials: FlexCredentials.fromSecret(secret) }));
    const { docs } = synthWithWarnings(chart);
    expect(only(docs, 'Deployment').spec.template.spec.volumes[0].flexVolume).toEqual({ driver: CIFS, secretRef: { name: 'creds' } });
  });

  test.each([
    ['no type (Opaque)', undefined, 'Opaque'],
    ['another type', 'kubernetes.io/basic-auth', 'kubernetes.io/basic-auth'],
  ])('an existing Secret of the app with %s: the kubelet would refuse it', (_name, type, shown) => {
    const chart = storageChart();
    const secret = new kplus.Secret(chart, 'Creds', { type, metadata: { name: 'creds' } });
    podVolume({ credentials: FlexCredentials.fromSecret(secret) }, chart);
    expectErrors(chart, [
      `[test/Share] volumes[share].flexVolume.secretRef.name: Invalid value: "creds": the Secret's type is "${shown}", and the kubelet hands a flexVolume driver only a Secret whose type is the driver name: `
      + `create it with type "${CIFS}", or use FlexCredentials.fromData`,
    ]);
  });

  test('a Secret known only by name cannot be checked and is referenced as given', () => {
    const chart = storageChart();
    const vol = new FlexVolume(chart, 'Share', { name: 'share', driver: CIFS, credentials: FlexCredentials.fromSecret(kplus.Secret.fromSecretName(chart, 'Creds', 'cifs-creds')) });
    deploymentWith(chart, vol);
    expect(only(synthWithWarnings(chart).docs, 'Deployment').spec.template.spec.volumes[0].flexVolume.secretRef).toEqual({ name: 'cifs-creds' });
  });

  test('a Secret in another namespace than the workload', () => {
    const secrets = storageChart({ namespace: 'vault' });
    const secret = new kplus.Secret(secrets, 'Creds', { type: CIFS, metadata: { name: 'creds' } });
    const chart = podVolume({ credentials: FlexCredentials.fromSecret(secret) }, storageChart({ namespace: 'db' }));
    new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] }).addVolume((chart.node.findChild('Share') as FlexVolume).asVolume());
    expectErrors(chart, [
      '[test/App] spec.template.spec.volumes[share].flexVolume.secretRef.name: Invalid value: "creds": the Secret is in namespace "vault", and the kubelet reads it from the Pod\'s namespace "db"',
    ]);
  });

  test('keys of a created Secret follow the API server\'s rules; values are never printed', () => {
    expectErrors(podVolume({ credentials: FlexCredentials.fromData({ data: { 'user/name': 'kube', 'password': 'pa\u2028ss' } }) }), [
      '[test/Share/Secret] stringData[user/name]: Invalid value: "user/name": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')',
      `[test/Share/Secret] stringData[password]: Invalid value: <redacted>: ${UNSAFE_TEXT}`,
    ]);
  });
});

describe('flexVolume source rules', () => {
  test('driver is required', () => {
    expectErrors(podVolume({ driver: '' }), ['[test/Share] volumes[share].flexVolume.driver: Required value']);
  });

  test.each([
    ['fstab/cifs/v2', [QUALIFIED]],
    ['/cifs', ['prefix part must be non-empty']],
    ['fstab/', ['name part must be non-empty', NAME_PART]],
    ['fstab~x/cifs', [PREFIX_PART]],
    ['Vendor/Driver', [PREFIX_PART]],
    ['-fstab/cifs', [PREFIX_PART]],
    ['fstab/ci fs', [NAME_PART]],
    ['fstab/cifs.', [NAME_PART]],
    [`fstab/${'c'.repeat(64)}`, ['name part must be no more than 63 characters']],
  ])('driver %s is no qualified name: the kubelet never loads it', (driver, details) => {
    expectErrors(podVolume({ driver }), details.map((d) => `[test/Share] volumes[share].flexVolume.driver: Invalid value: ${JSON.stringify(driver)}: ${d}: ${DRIVER_WHY}`));
  });

  test('a driver whose directory <vendor>~<driver> is longer than a file name can be', () => {
    const vendor = `${'v'.repeat(63)}.${'w'.repeat(63)}.${'x'.repeat(63)}.y`;
    const driver = `${vendor}/${'d'.repeat(62)}`;
    expect(driver.length).toBe(256);
    expectErrors(podVolume({ driver }), [
      `[test/Share] volumes[share].flexVolume.driver: Invalid value: "${driver}": must be no more than 255 characters: the kubelet finds the driver in the directory <vendor>~<driver>, and a file name has at most 255 bytes`,
    ]);
    const chart = podVolume({ driver: `${vendor}/${'d'.repeat(61)}` });
    deploymentWith(chart, chart.node.findChild('Share') as FlexVolume);
    expect(only(synthWithWarnings(chart).docs, 'Deployment').spec.template.spec.volumes[0].flexVolume.driver).toHaveLength(255);
  });

  test.each([['coreos.com/torus'], ['kubernetes.io/lvm'], ['ceph.rook.io/rook-ceph_system'], ['cifs'], ['example.com/My.Driver']])('driver %s is accepted', (driver) => {
    const chart = podVolume({ driver });
    deploymentWith(chart, chart.node.findChild('Share') as FlexVolume);
    expect(only(synthWithWarnings(chart).docs, 'Deployment').spec.template.spec.volumes[0].flexVolume).toEqual({ driver });
  });

  test.each([['kubernetes.io/secret/x'], ['foo.k8s.io/x'], ['k8s.io'], ['Kubernetes.IO/fsType'], ['sub.KUBERNETES.io']])('option %s is in a reserved namespace', (key) => {
    expectErrors(podVolume({ options: { [key]: 'v' } }), [
      `[test/Share] volumes[share].flexVolume.options[${key}]: Invalid value: ${JSON.stringify(key)}: kubernetes.io and k8s.io namespaces are reserved`,
    ]);
  });

  test.each([['kubernetes.io.example/x'], ['example.com/kubernetes.io'], ['k8s.iox'], ['mykubernetes.io/x']])('option %s is not reserved', (key) => {
    const chart = podVolume({ options: { [key]: 'v' } });
    deploymentWith(chart, chart.node.findChild('Share') as FlexVolume);
    expect(only(synthWithWarnings(chart).docs, 'Deployment').spec.template.spec.volumes[0].flexVolume.options).toEqual({ [key]: 'v' });
  });

  test('options cdk8s cannot write safely', () => {
    expectErrors(podVolume({ options: { '<<': 'x', 'path': 'a\u0000b' } }), [
      '[test/Share] volumes[share].flexVolume.options[<<]: Forbidden: cdk8s writes the key "<<" unquoted, and YAML readers (kubectl\'s too) take it as a merge key',
      `[test/Share] volumes[share].flexVolume.options[path]: Invalid value: "a\\u0000b": ${UNSAFE_TEXT}`,
    ]);
  });

  test('an empty fsType is unset by another name: a warning', () => {
    const chart = podVolume({ fsType: FsType.of('') });
    expect(captureWarnings(() => synthErrors(chart))).toContain(
      'Warning: [test/Share] volumes[share].flexVolume.fsType: "" is the same as unset: the plugin\'s default filesystem (ext4 for most) is used; name a filesystem, or leave fsType unset');
  });

  test('every error at once', () => {
    expectErrors(podVolume({ driver: '', options: { 'k8s.io/x': 'v' }, fsType: FsType.of('ext 4') }), [
      '[test/Share] volumes[share].flexVolume.driver: Required value',
      '[test/Share] volumes[share].flexVolume.fsType: Invalid value: "ext 4": must be a filesystem name such as "ext4" or "xfs" (letters, digits, \'-\', \'_\' and \'.\')',
      '[test/Share] volumes[share].flexVolume.options[k8s.io/x]: Invalid value: "k8s.io/x": kubernetes.io and k8s.io namespaces are reserved',
    ]);
  });
});

describe('FlexPersistentVolume', () => {
  test.each([[KubernetesVersion.V1_24], [KubernetesVersion.V1_36]])('at %s: spec.flexVolume as the only source, the Secret with its namespace, and the warning', (version) => {
    // GIVEN
    const chart = storageChart({ kubernetesVersion: version, namespace: 'db' });
    // WHEN
    const pv = new FlexPersistentVolume(chart, 'Pv', {
      driver: CIFS,
      options: { networkPath: '//fileserver/share' },
      credentials: FlexCredentials.fromData({ data: { username: 'kube', password: 's3cret' } }),
      storage: Size.gibibytes(100),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
      metadata: { name: 'flex-pv' },
    });
    const claim = pv.reserve();
    // THEN
    const { docs, warnings } = synthWithWarnings(chart);
    expect(warnings).toEqual([`Warning: [test/Pv] spec.flexVolume: ${deprecated(version.name)}`]);
    expect(kinds(docs)).toEqual(['PersistentVolume', 'Secret', 'PersistentVolumeClaim']);
    const secret = only(docs, 'Secret');
    expect(secret.type).toEqual(CIFS);
    expect(secret.metadata.namespace).toEqual('db');
    expect(only(docs, 'PersistentVolume').spec).toEqual({
      accessModes: ['ReadOnlyMany'],
      capacity: { storage: '100Gi' },
      claimRef: { name: claim.name, namespace: 'db' },
      flexVolume: { driver: CIFS, options: { networkPath: '//fileserver/share' }, secretRef: { name: secret.metadata.name, namespace: 'db' } },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    expect(JSON.stringify(only(docs, 'PersistentVolume'))).not.toContain('s3cret');
  });

  test('an existing Secret: the namespace given, else the Secret\'s own, else none (the kubelet uses the Pod\'s)', () => {
    const chart = storageChart();
    const own = new kplus.Secret(storageChart({ namespace: 'vault' }), 'Creds', { type: CIFS, metadata: { name: 'own' } });
    const byName = kplus.Secret.fromSecretName(chart, 'ByName', 'by-name');
    new FlexPersistentVolume(chart, 'A', { driver: CIFS, storage: Size.gibibytes(1), credentials: FlexCredentials.fromSecret(byName, { namespace: 'shared' }) });
    new FlexPersistentVolume(chart, 'B', { driver: CIFS, storage: Size.gibibytes(1), credentials: FlexCredentials.fromSecret(own) });
    new FlexPersistentVolume(chart, 'C', { driver: CIFS, storage: Size.gibibytes(1), credentials: FlexCredentials.fromSecret(byName) });
    const refs = synthWithWarnings(chart).docs.map((d) => d.spec.flexVolume.secretRef);
    expect(refs).toEqual([{ name: 'by-name', namespace: 'shared' }, { name: 'own', namespace: 'vault' }, { name: 'by-name' }]);
  });

  test('a bad namespace for an existing Secret', () => {
    const chart = persistentVolume({ credentials: FlexCredentials.fromSecret(kplus.Secret.fromSecretName(storageChart(), 'S', 'creds'), { namespace: 'Vault' }) });
    expectErrors(chart, [
      '[test/Pv] spec.flexVolume.secretRef.namespace: Invalid value: "Vault": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
    ]);
  });

  test('mounted through its claim, read-only when the source is', () => {
    const chart = persistentVolume({ readOnly: true });
    deploymentWith(chart, chart.node.findChild('Pv') as FlexPersistentVolume);
    const docs = synthWithWarnings(chart).docs;
    const claim = only(docs, 'PersistentVolumeClaim');
    expect(only(docs, 'PersistentVolume').spec.flexVolume).toEqual({ driver: CIFS, readOnly: true });
    expect(only(docs, 'Deployment').spec.template.spec.volumes).toEqual([
      { name: `pvc-${claim.metadata.name}`, persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: true } },
    ]);
  });

  test('ReadWriteMany is refused unless the driver serves it', () => {
    const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
    expectErrors(persistentVolume({ accessModes: [RWX] }), [
      `[test/Pv] spec.accessModes[0]: Unsupported value: "ReadWriteMany": supported values: "ReadWriteOnce", "ReadOnlyMany"; ${ACCESS_WHY}`,
    ]);
    const spec = only(synthWithWarnings(persistentVolume({ accessModes: [RWX], driverSupportsReadWriteMany: true })).docs, 'PersistentVolume').spec;
    expect(spec.accessModes).toEqual(['ReadWriteMany']);
  });

  test('ReadWriteOncePod is refused, even when the driver serves ReadWriteMany', () => {
    expectErrors(persistentVolume({ accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD], driverSupportsReadWriteMany: true }), [
      `[test/Pv] spec.accessModes[0]: Unsupported value: "ReadWriteOncePod": supported values: "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"; ${ACCESS_WHY}`,
    ]);
  });

  test('no raw block devices and no mount options, in spec.mountOptions or the legacy annotation', () => {
    const chart = persistentVolume({
      volumeMode: kplus.PersistentVolumeMode.BLOCK,
      mountOptions: ['vers=3.0'],
      metadata: { name: 'flex-pv', annotations: { 'volume.beta.kubernetes.io/mount-options': 'vers=3.0' } },
    });
    expectErrors(chart, [
      '[test/Pv] spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; the flexVolume plugin mounts filesystems only; a raw block device needs a CSI driver',
      '[test/Pv] spec.mountOptions: Forbidden: may not specify mount options for this volume type (the kubelet refuses to mount it)',
      '[test/Pv] metadata.annotations.volume.beta.kubernetes.io/mount-options: Forbidden: may not specify mount options for this volume type',
    ]);
  });

  test('source rules at the PersistentVolume\'s paths', () => {
    expectErrors(persistentVolume({ driver: 'fstab/', options: { 'kubernetes.io/readwrite': 'rw' } }), [
      `[test/Pv] spec.flexVolume.driver: Invalid value: "fstab/": name part must be non-empty: ${DRIVER_WHY}`,
      `[test/Pv] spec.flexVolume.driver: Invalid value: "fstab/": ${NAME_PART}: ${DRIVER_WHY}`,
      '[test/Pv] spec.flexVolume.options[kubernetes.io/readwrite]: Invalid value: "kubernetes.io/readwrite": kubernetes.io and k8s.io namespaces are reserved',
    ]);
  });

  test('an existing Secret of another type', () => {
    const chart = storageChart({ namespace: 'db' });
    const secret = new kplus.Secret(chart, 'Creds', { type: 'coreos.com/torus', metadata: { name: 'creds' } });
    persistentVolume({ credentials: FlexCredentials.fromSecret(secret) }, chart);
    expectErrors(chart, [
      `[test/Pv] spec.flexVolume.secretRef.name: Invalid value: "creds": the Secret's type is "coreos.com/torus", and the kubelet hands a flexVolume driver only a Secret whose type is the driver name: create it with type "${CIFS}", or use FlexCredentials.fromData`,
    ]);
  });
});

/** torusblk's call convention is older than every supported kubelet's (cmd/torusblk/flex.go; pkg/volume/flexvolume/attacher.go). */
const TORUS_CALLS = 'Warning: [test/Data] volumes[data].flexVolume.driver: torusblk speaks an older FlexVolume call convention (attach <json>, mount <dir> <dev> <json>; ' +
  'cmd/torusblk/flex.go) and refuses the calls every supported kubelet makes (attach <json> <node>, mountdevice; pkg/volume/flexvolume/attacher.go): ' +
  'attaching fails with "unexpected number of arguments" unless the driver on the nodes was patched; move the data to a backend with a CSI driver';

describe('TorusVolume', () => {
  const ETCD = '10.3.0.100:2379';

  function torus(props: Partial<TorusVolumeProps>, chart: Chart = storageChart({ kubernetesVersion: KubernetesVersion.V1_30 })): Chart {
    new TorusVolume(chart, 'Data', { name: 'data', volume: 'pg1', ...props } as TorusVolumeProps);
    return chart;
  }

  test('coreos/torus\'s Postgres example: driver coreos.com/torus, ext4, the volume and etcd; the FlexVolume warning', () => {
    // GIVEN
    const chart = storageChart({ kubernetesVersion: KubernetesVersion.V1_30 });
    const postgres = new kplus.Deployment(chart, 'Postgres', { containers: [{ image: 'postgres:16' }] });
    // WHEN
    const data = new TorusVolume(chart, 'Data', { name: 'data', volume: 'pg1', etcd: ETCD });
    postgres.containers[0].mount('/var/lib/postgresql/data', data);
    // THEN
    const { docs, warnings } = synthWithWarnings(chart);
    expect(warnings).toEqual([`Warning: [test/Data] volumes[data].flexVolume: ${deprecated('1.30')}`, TORUS_CALLS]);
    expect(only(docs, 'Deployment').spec.template.spec.volumes).toEqual([
      { name: 'data', flexVolume: { driver: 'coreos.com/torus', fsType: 'ext4', options: { volume: 'pg1', etcd: ETCD } } },
    ]);
    expect(data).toBeInstanceOf(FlexVolume);
  });

  test('defaults: etcd on the node, ext4; write level and cache size as torusblk reads them', () => {
    const chart = storageChart();
    const vols = [
      new TorusVolume(chart, 'A', { name: 'a', volume: 'v' }),
      new TorusVolume(chart, 'B', { name: 'b', volume: 'v', writeLevel: TorusWriteLevel.LOCAL, writeCacheSize: Size.gibibytes(2), fsType: FsType.XFS, readOnly: true }),
      new TorusVolume(chart, 'C', { name: 'c', volume: 'v', writeLevel: TorusWriteLevel.ONE, writeCacheSize: Size.mebibytes(1536) }),
      new TorusVolume(chart, 'D', { name: 'd', volume: 'v', writeLevel: TorusWriteLevel.ALL, writeCacheSize: Size.kibibytes(0.5) }),
    ];
    const dep = new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] });
    vols.forEach((v) => dep.addVolume(v.asVolume()));
    const driver = 'coreos.com/torus';
    const etcd = '127.0.0.1:2379';
    expect(only(synthWithWarnings(chart).docs, 'Deployment').spec.template.spec.volumes).toEqual([
      { name: 'a', flexVolume: { driver, fsType: 'ext4', options: { volume: 'v', etcd } } },
      { name: 'b', flexVolume: { driver, fsType: 'xfs', readOnly: true, options: { volume: 'v', etcd, writeLevel: 'local', writeCacheSize: '2GiB' } } },
      { name: 'c', flexVolume: { driver, fsType: 'ext4', options: { volume: 'v', etcd, writeLevel: 'one', writeCacheSize: '1536MiB' } } },
      { name: 'd', flexVolume: { driver, fsType: 'ext4', options: { volume: 'v', etcd, writeLevel: 'all', writeCacheSize: '512' } } },
    ]);
  });

  test('the volume is required', () => {
    expectErrors(torus({ volume: '' }), [
      '[test/Data] volumes[data].flexVolume.options[volume]: Required value: give the Torus volume to attach (TorusVolumeProps.volume); the driver fails with "volume name is missing"',
    ]);
  });

  test.each([['10.3.0.100'], ['etcd:0'], ['etcd:65536'], ['fd00::1:2379'], ['http://etcd:2379'], ['etcd:']])('etcd %s is not "host:port"', (etcd) => {
    expectErrors(torus({ etcd }), [
      `[test/Data] volumes[data].flexVolume.options[etcd]: Invalid value: ${JSON.stringify(etcd)}: must be "host:port" with host an IP address or DNS name and port 1-65535 (an IPv6 address in brackets): the etcd of the Torus cluster, as the node reaches it`,
    ]);
  });

  test.each([['etcd.torus.svc.cluster.local:2379'], ['[fd00::1]:2379'], ['10.3.0.100:32379']])('etcd %s is accepted', (etcd) => {
    const chart = torus({ etcd });
    deploymentWith(chart, chart.node.findChild('Data') as TorusVolume);
    expect(only(synthWithWarnings(chart).docs, 'Deployment').spec.template.spec.volumes[0].flexVolume.options.etcd).toEqual(etcd);
  });

  test('a write level the driver does not know', () => {
    expectErrors(torus({ writeLevel: 'quorum' as TorusWriteLevel }), [
      '[test/Data] volumes[data].flexVolume.options[writeLevel]: Unsupported value: "quorum": supported values: "all", "one", "local"',
    ]);
  });

  test('a write cache that is no whole number of bytes, or none', () => {
    expectErrors(torus({ writeCacheSize: Size.kibibytes(0.0001) }), [
      '[test/Data] volumes[data].flexVolume.options[writeCacheSize]: Invalid value: "0.1024": must be a whole number of bytes greater than zero',
    ]);
    expectErrors(torus({ writeCacheSize: Size.mebibytes(0) }), [
      '[test/Data] volumes[data].flexVolume.options[writeCacheSize]: Invalid value: "0": must be a whole number of bytes greater than zero',
    ]);
  });

  test('the volume name must be text the manifest can carry', () => {
    expectErrors(torus({ volume: 'pg\u2029' }), [`[test/Data] volumes[data].flexVolume.options[volume]: Invalid value: "pg\\u2029": ${UNSAFE_TEXT}`]);
  });

  test('at the newest version it still synthesizes, with the warning', () => {
    const chart = torus({}, storageChart({ kubernetesVersion: KubernetesVersion.V1_36 }));
    expect(captureWarnings(() => synthValid(chart))).toEqual([`Warning: [test/Data] volumes[data].flexVolume: ${deprecated('1.36')}`, TORUS_CALLS]);
  });
});

describe('flexVolume props as a JavaScript or Python caller may pass them', () => {
  test('values of another type are reported in the fields\' words, never a TypeError', () => {
    expectErrors(podVolume({ driver: 5 as any, readOnly: 'yes' as any, options: { size: 10 } as any, credentials: 'creds' as any }), [
      `[test/Share] volumes[share].flexVolume.driver: Invalid value: 5: ${MUST_BE('a string "<driver>" or "<vendor>/<driver>"', 'a number')}`,
      `[test/Share] volumes[share].flexVolume.readOnly: Invalid value: "yes": ${MUST_BE('true or false', 'a string')}`,
      `[test/Share] volumes[share].flexVolume.options[size]: Invalid value: 10: ${MUST_BE('a string', 'a number')}`,
      `[test/Share] volumes[share].flexVolume.secretRef: Invalid value: "creds": ${MUST_BE('a FlexCredentials (FlexCredentials.fromData or FlexCredentials.fromSecret)', 'a string')}`,
    ]);
    expectErrors(persistentVolume({ options: 'networkPath=//server/share' as any }), [
      `[test/Pv] spec.flexVolume.options: Invalid value: "networkPath=//server/share": ${MUST_BE('a map of strings to strings', 'a string')}`,
    ]);
  });

  test('props that are no object: nothing given, never a TypeError', () => {
    const chart = storageChart();
    const vol = new FlexVolume(chart, 'Share', null as any);
    expectErrors(chart, [`[test/Share] volumes[${vol.name}].flexVolume.driver: Required value`]);
  });

  test('PersistentVolume props that are no object: every required prop is missing, never a TypeError', () => {
    const chart = storageChart();
    new FlexPersistentVolume(chart, 'Pv', 'fstab/cifs' as any);
    expectErrors(chart, ['[test/Pv] spec.capacity: Required value', '[test/Pv] spec.flexVolume.driver: Required value']);
  });

  test('FlexCredentials.fromData with values that are no strings: reported on the Secret, redacted', () => {
    const chart = storageChart();
    podVolume({ credentials: FlexCredentials.fromData({ data: { username: 'kube', password: 5 as any }, metadata: 'creds' as any }) }, chart);
    podVolume({ credentials: FlexCredentials.fromData({ data: 's3cret' as any }) }, storageChart());
    expectErrors(chart, [
      `[test/Share/Secret] stringData[password]: Invalid value: <redacted>: ${MUST_BE('a string', 'a number')}`,
      `[test/Share/Secret] metadata: Invalid value: "creds": ${MUST_BE('an object such as { name: "data" }', 'a string')}`,
    ]);
    const other = podVolume({ credentials: FlexCredentials.fromData({ data: 's3cret' as any }) });
    expectErrors(other, [`[test/Share/Secret] stringData: Invalid value: <redacted>: ${MUST_BE('a map of strings to strings', 'a string')}`]);
    const none = podVolume({ credentials: FlexCredentials.fromData('s3cret' as any) });
    expectErrors(none, ['[test/Share/Secret] stringData: Invalid value: <redacted>: FlexCredentials.fromData takes { data, metadata } (got a string)']);
  });

  test('FlexCredentials.fromSecret with no Secret, or options that are no object', () => {
    expectErrors(podVolume({ credentials: FlexCredentials.fromSecret(5 as any) }), [
      `[test/Share] volumes[share].flexVolume.secretRef: Invalid value: 5: ${MUST_BE('a Secret: a cdk8s-plus-27 Secret of this app, or kplus.Secret.fromSecretName(scope, id, name)', 'a number')}`,
    ]);
    const chart = storageChart({ namespace: 'db' });
    persistentVolume({ credentials: FlexCredentials.fromSecret(kplus.Secret.fromSecretName(chart, 'Creds', 'creds'), 'vault' as any) }, chart);
    expectErrors(chart, [
      `[test/Pv] spec.flexVolume.secretRef.namespace: Invalid value: "vault": ${MUST_BE('FlexCredentialsOptions, such as { namespace: "vault" }', 'a string')}`,
    ]);
  });

  test('driverSupportsReadWriteMany that is no boolean: reported, and ReadWriteMany not served', () => {
    expectErrors(persistentVolume({ driverSupportsReadWriteMany: 'true' as any, accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] }), [
      `[test/Pv] driverSupportsReadWriteMany: Invalid value: "true": ${MUST_BE('true or false', 'a string')}`,
      `[test/Pv] spec.accessModes[0]: Unsupported value: "ReadWriteMany": supported values: "ReadWriteOnce", "ReadOnlyMany"; ${ACCESS_WHY}`,
    ]);
  });

  test('a Secret created for a driver that is no string gets the empty type (Opaque) meanwhile', () => {
    const chart = podVolume({ driver: 7 as any, credentials: FlexCredentials.fromData({ data: { token: 't' } }) });
    captureWarnings(() => synthErrors(chart));
    const secret = chart.node.findAll().find((c) => c.node.id === 'Secret') as any;
    expect(secret.toJson().type).toEqual('');
  });
});

describe('TorusVolume props as a JavaScript or Python caller may pass them', () => {
  test('values of another type are reported where their options land', () => {
    const chart = storageChart();
    new TorusVolume(chart, 'Data', { name: 'data', volume: 5, etcd: ['10.0.0.1:2379'], writeLevel: 1, writeCacheSize: '2GiB' } as any);
    expectErrors(chart, [
      `[test/Data] volumes[data].flexVolume.options[volume]: Invalid value: 5: ${MUST_BE('a string, the Torus volume\'s name', 'a number')}`,
      `[test/Data] volumes[data].flexVolume.options[etcd]: Invalid value: ["10.0.0.1:2379"]: ${MUST_BE('a string "host:port"', 'a list')}`,
      `[test/Data] volumes[data].flexVolume.options[writeLevel]: Invalid value: 1: ${MUST_BE('one of "all", "one", "local"', 'a number')}`,
      `[test/Data] volumes[data].flexVolume.options[writeCacheSize]: Invalid value: "2GiB": ${MUST_BE('a Size, such as Size.gibibytes(10)', 'a string')}`,
    ]);
  });

  test('an fsType or readOnly of another type is reported at the flexVolume field', () => {
    const chart = storageChart();
    new TorusVolume(chart, 'Data', { name: 'data', volume: 'pg1', fsType: 4, readOnly: 1 } as any);
    expectErrors(chart, [
      `[test/Data] volumes[data].flexVolume.fsType: Invalid value: 4: ${MUST_BE('an FsType, such as FsType.EXT4 or FsType.of("btrfs")', 'a number')}`,
      `[test/Data] volumes[data].flexVolume.readOnly: Invalid value: 1: ${MUST_BE('true or false', 'a number')}`,
    ]);
  });

  test('props that are no object: the volume is required, never a TypeError', () => {
    const chart = storageChart();
    const vol = new TorusVolume(chart, 'Data', undefined as any);
    expectErrors(chart, [
      `[test/Data] volumes[${vol.name}].flexVolume.options[volume]: Required value: give the Torus volume to attach (TorusVolumeProps.volume); the driver fails with "volume name is missing"`,
    ]);
  });
});
