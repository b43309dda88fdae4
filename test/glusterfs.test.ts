import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { expectSynthErrors, kinds, only, storageChart, synthErrors, synthValid, synthWithWarnings } from './helpers';
import {
  KubernetesVersion,
  GlusterCluster, GlusterClusterProps, GlusterPersistentVolume, GlusterPersistentVolumeProps, GlusterStorageClass, GlusterStorageClassProps,
  GlusterVolume, GlusterVolumeOptions, GlusterVolumeProps, GlusterVolumeType, HeketiPasswordOptions, HeketiCredentials, HeketiSecretOptions,
} from '../src';
import { canonicalIP } from '../src/core/rules/ip-address';

const { V1_24, V1_25, V1_26, V1_36 } = KubernetesVersion;
const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;

// The seed: two storage nodes, Endpoints and Service "glusterfs-cluster", the Gluster volume kube_vol mounted read-only.
const NODES = ['10.240.106.152', '10.240.79.157'];
const NAME = 'glusterfs-cluster';
const HEKETI_URL = 'http://heketi.storage.svc:8080';

const DEPRECATED = 'deprecated in v1.25, non-functional in v1.26+ (target 1.25)';
const removed = (v: KubernetesVersion) => `Forbidden: in-tree glusterfs was removed in 1.26 (target ${v}); no CSI migration exists: ` +
  'move the data to a supported backend: the kadalu CSI driver (org.kadalu.gluster), Rook/Ceph, or the Gluster volume exported over NFS';
const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const NO_ADDRESSES = 'must specify `addresses` or `notReadyAddresses`: list at least one storage node\'s IP address';
const DNS1035 = 'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')';
const DNS1123_LABEL = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')';

interface Fixture {
  readonly chart: Chart;
  readonly gluster: GlusterCluster;
}

/** A chart in namespace "storage" (or none) with the seed's cluster. */
function fixture(version?: KubernetesVersion, props: Partial<GlusterClusterProps> = {}, opts: { noNamespace?: boolean } = {}): Fixture {
  const chart = storageChart({ kubernetesVersion: version, namespace: opts.noNamespace ? undefined : 'storage' });
  const gluster = new GlusterCluster(chart, 'Gluster', { addresses: NODES, metadata: { name: NAME }, ...props });
  return { chart, gluster };
}

/** The seed's Pod: the Gluster volume kube_vol mounted read-only. */
function seedPod(f: Fixture): GlusterVolume {
  const vol = f.gluster.volume('KubeVol', { name: 'glusterfsvol', path: 'kube_vol', readOnly: true });
  const pod = new kplus.Pod(f.chart, 'Pod', { metadata: { name: 'glusterfs' }, containers: [{ name: 'glusterfs', image: 'kubernetes/pause' }] });
  pod.containers[0].mount('/mnt/glusterfs', vol, { readOnly: true });
  return vol;
}

function glusterPv(f: Fixture, props: Partial<GlusterPersistentVolumeProps> = {}): GlusterPersistentVolume {
  return new GlusterPersistentVolume(f.chart, 'Shared', {
    cluster: f.gluster, path: 'kube_vol', storage: Size.gibibytes(100), metadata: { name: 'gluster-kube-vol' }, ...props,
  });
}

function glusterClass(chart: Chart, props: Partial<GlusterStorageClassProps> = {}): GlusterStorageClass {
  return new GlusterStorageClass(chart, 'Gold', { resturl: HEKETI_URL, metadata: { name: 'gluster-gold' }, ...props });
}

/** Synthesizes schema-valid manifests and returns them with the warnings printed meanwhile. */
describe('GlusterCluster', () => {
  test.each([[V1_24], [V1_25]])('at %s: the seed\'s Endpoints (one well-formed subset, glusterd\'s port) and a Service without selector', (version) => {
    const f = fixture(version);
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Endpoints', 'Service']);
    expect(only(docs, 'Endpoints')).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: NAME, namespace: 'storage' },
      subsets: [{ addresses: [{ ip: '10.240.106.152' }, { ip: '10.240.79.157' }], ports: [{ port: 24007 }] }],
    });
    const service = only(docs, 'Service');
    expect(service).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: NAME, namespace: 'storage' },
      spec: { ports: [{ port: 24007 }] },
    });
    expect(Object.keys(service.spec)).not.toContain('selector');
    expect(f.gluster.name).toEqual(NAME);
    expect(f.gluster.namespace).toEqual('storage');
    expect(f.gluster.port).toEqual(24007);
  });

  test('writes IPv4 and IPv6 addresses in canonical form, all in one subset with the given port', () => {
    const f = fixture(V1_24, { addresses: ['10.0.0.7', 'FD00:0:0:0:0:0:0:A', '2001:DB8:0:0:1:0:0:1', '2001:db8::10.1.2.3', '2001:db8:0:1:1:1:1:1'], port: 49152 });
    const docs = synthValid(f.chart);
    expect(only(docs, 'Endpoints').subsets).toEqual([{
      addresses: [{ ip: '10.0.0.7' }, { ip: 'fd00::a' }, { ip: '2001:db8::1:0:0:1' }, { ip: '2001:db8::a01:203' }, { ip: '2001:db8:0:1:1:1:1:1' }],
      ports: [{ port: 49152 }],
    }]);
    expect(only(docs, 'Service').spec).toEqual({ ports: [{ port: 49152 }] });
    expect(f.gluster.addresses).toEqual(['10.0.0.7', 'fd00::a', '2001:db8::1:0:0:1', '2001:db8::a01:203', '2001:db8:0:1:1:1:1:1']);
  });

  test('without metadata, the Endpoints and the Service share one name derived from the construct path, in the Chart\'s namespace', () => {
    const chart = storageChart({ kubernetesVersion: V1_24, namespace: 'storage' });
    const gluster = new GlusterCluster(chart, 'Gluster', { addresses: NODES, metadata: { labels: { app: 'gluster' } } });
    const docs = synthValid(chart);
    expect(gluster.name).toMatch(/^test-gluster-[0-9a-f]{8}$/);
    for (const d of docs) expect(d.metadata).toEqual({ name: gluster.name, namespace: 'storage', labels: { app: 'gluster' } });
  });

  test('the Endpoints and Service objects are exposed, e.g. to label the Endpoints', () => {
    const f = fixture(V1_24);
    f.gluster.endpoints.metadata.addLabel('endpointslice.kubernetes.io/skip-mirror', 'true');
    const docs = synthValid(f.chart);
    expect(only(docs, 'Endpoints').metadata.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(only(docs, 'Service').metadata.labels).toBeUndefined();
  });

  test('refuses what kube-apiserver refuses in Endpoints addresses, each with its message', () => {
    const f = fixture(V1_24, {
      addresses: [
        'gluster-1.example.com', '10.0.0.300', '010.0.0.1', '::ffff:10.0.0.1', '0.0.0.0', '::', '127.0.0.1', '::1',
        '169.254.169.254', 'fe80::1', '224.0.0.251', 'ff02::fb', 'fe80::1%eth0', '', 'febf::1', 'ff12::1',
      ],
    });
    const ip = (i: number) => `[test/Gluster/Endpoints] subsets[0].addresses[${i}].ip: Invalid value`;
    expectSynthErrors(f.chart, [
      `${ip(0)}: "gluster-1.example.com": ${INVALID_IP}; Endpoints hold IP addresses, not host names`,
      `${ip(1)}: "10.0.0.300": ${INVALID_IP}`,
      `${ip(2)}: "010.0.0.1": must not have leading 0s`,
      `${ip(3)}: "::ffff:10.0.0.1": must not be an IPv4-mapped IPv6 address`,
      `${ip(4)}: "0.0.0.0": may not be unspecified (0.0.0.0)`,
      `${ip(5)}: "::": may not be unspecified (::)`,
      `${ip(6)}: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`,
      `${ip(7)}: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)`,
      `${ip(8)}: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)`,
      `${ip(9)}: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)`,
      `${ip(10)}: "224.0.0.251": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)`,
      `${ip(11)}: "ff02::fb": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)`,
      `${ip(12)}: "fe80::1%eth0": ${INVALID_IP}`,
      `${ip(13)}: "": ${INVALID_IP}`,
      `${ip(14)}: "febf::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)`,
      `${ip(15)}: "ff12::1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)`,
    ]);
  });

  test('accepts what kube-apiserver accepts next to the special ranges', () => {
    // global multicast and broadcast pass kube-apiserver's checks; 224.0.1.1 is outside 224.0.0.0/24, ff05:: outside ff02::/10
    const f = fixture(V1_24, { addresses: ['224.0.1.1', 'ff05::2', '255.255.255.255', '169.253.0.1', 'fec0::1', '126.255.255.255', '::2'] });
    expect(synthErrors(f.chart)).toEqual([]);
  });

  test('warns about an address listed twice, also in another spelling: kube-apiserver accepts it and the plugin mounts from each address once', () => {
    const f = fixture(V1_24, { addresses: ['10.0.0.1', 'fd00::1', '10.0.0.1', 'FD00:0::0001'] });
    const { docs, warnings } = synthWithWarnings(f.chart);
    const repeat = 'the glusterfs plugin mounts from each address once, so the repeat only clutters the Endpoints: list every storage node once';
    expect(warnings).toEqual([
      `Warning: [test/Gluster/Endpoints] subsets[0].addresses[2].ip: "10.0.0.1" is listed twice (also as subsets[0].addresses[0].ip); ${repeat}`,
      `Warning: [test/Gluster/Endpoints] subsets[0].addresses[3].ip: "FD00:0::0001" is listed twice (also as subsets[0].addresses[1].ip); ${repeat}`,
    ]);
    expect(only(docs, 'Endpoints').subsets[0].addresses).toEqual([{ ip: '10.0.0.1' }, { ip: 'fd00::1' }, { ip: '10.0.0.1' }, { ip: 'fd00::1' }]);
  });

  test('refuses an empty address list', () => {
    const f = fixture(V1_24, { addresses: [] });
    expectSynthErrors(f.chart, [
      '[test/Gluster/Endpoints] subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`: list at least one storage node\'s IP address',
    ]);
  });

  test.each([[0], [65536], [-1]])('refuses port %s on the Endpoints and the Service (whose targetPort defaults to it)', (port) => {
    const f = fixture(V1_24, { port });
    const range = `Invalid value: ${port}: must be between 1 and 65535, inclusive`;
    expectSynthErrors(f.chart, [
      `[test/Gluster/Endpoints] subsets[0].ports[0].port: ${range}`,
      `[test/Gluster/Service] spec.ports[0].port: ${range}`,
      `[test/Gluster/Service] spec.ports[0].targetPort: ${range}; targetPort defaults to port`,
    ]);
  });

  test('refuses a fractional port', () => {
    const f = fixture(V1_24, { port: 1.5 });
    const whole = 'Invalid value: 1.5: must be a whole number between 1 and 65535';
    expectSynthErrors(f.chart, [
      `[test/Gluster/Endpoints] subsets[0].ports[0].port: ${whole}`,
      `[test/Gluster/Service] spec.ports[0].port: ${whole}`,
      `[test/Gluster/Service] spec.ports[0].targetPort: ${whole}; targetPort defaults to port`,
    ]);
  });

  test('an empty name: Required on the Service, and on every volume that names the Endpoints', () => {
    const f = fixture(V1_24, { metadata: { name: '' } });
    f.gluster.volume('KubeVol', { name: 'glusterfsvol', path: 'kube_vol' });
    glusterPv(f);
    expectSynthErrors(f.chart, [
      '[test/Gluster/Service] metadata.name: Required value: the Endpoints take the Service\'s name',
      '[test/Gluster/KubeVol] volumes[glusterfsvol].glusterfs.endpoints: Required value: the GlusterCluster has an empty name: give it a metadata.name',
      '[test/Shared] spec.glusterfs.endpoints: Required value: the GlusterCluster has an empty name: give it a metadata.name',
    ]);
  });

  describe('props of another type than TypeScript allows (JavaScript, Python): field errors, never a TypeError', () => {
    const cluster = (props: unknown) => {
      const chart = storageChart({ kubernetesVersion: V1_24, namespace: 'storage' });
      new GlusterCluster(chart, 'Gluster', props as GlusterClusterProps);
      return chart;
    };

    test('addresses not a list, an address no string, a port no number', () => {
      expectSynthErrors(cluster({ addresses: '10.0.0.1', port: '24007', metadata: { name: NAME } }), [
        '[test/Gluster/Endpoints] subsets[0].addresses: Invalid value: "10.0.0.1": must be a list of IP addresses (got a string)',
        '[test/Gluster/Endpoints] subsets[0].ports[0].port: Invalid value: "24007": must be a whole number between 1 and 65535 (got a string)',
        '[test/Gluster/Service] spec.ports[0].port: Invalid value: "24007": must be a whole number between 1 and 65535 (got a string)',
        '[test/Gluster/Service] spec.ports[0].targetPort: Invalid value: "24007": must be a whole number between 1 and 65535 (got a string); targetPort defaults to port',
      ]);
      expectSynthErrors(cluster({ addresses: ['10.0.0.1', 7, null], metadata: { name: NAME } }), [
        '[test/Gluster/Endpoints] subsets[0].addresses[1].ip: Invalid value: 7: must be a string, an IP address (got a number)',
        '[test/Gluster/Endpoints] subsets[0].addresses[2].ip: Invalid value: null: must be a string, an IP address (got null)',
      ]);
    });

    test('no props, no addresses, metadata no object, a name no string', () => {
      const none = cluster(undefined);
      expect(synthErrors(none)).toContain(`[test/Gluster/Endpoints] subsets[0]: Required value: ${NO_ADDRESSES}`);
      expectSynthErrors(cluster({ metadata: 'glusterfs-cluster' }), [
        `[test/Gluster/Endpoints] subsets[0]: Required value: ${NO_ADDRESSES}`,
        '[test/Gluster/Endpoints] metadata: Invalid value: "glusterfs-cluster": must be an object such as { name: "data" } (got a string)',
      ]);
      expectSynthErrors(cluster({ addresses: NODES, metadata: { name: 42 } }), [
        '[test/Gluster/Endpoints] metadata.name: Invalid value: 42: must be a string (got a number)',
      ]);
    });
  });

  test('refuses a name that is no Service name (DNS-1035 label)', () => {
    const f = fixture(V1_24, { metadata: { name: 'gluster.cluster' } });
    const long = fixture(V1_24, { metadata: { name: `g${'x'.repeat(63)}` } });
    expectSynthErrors(f.chart, [`[test/Gluster/Service] metadata.name: Invalid value: "gluster.cluster": ${DNS1035}; the Endpoints take the Service's name`]);
    expectSynthErrors(long.chart, [
      `[test/Gluster/Service] metadata.name: Invalid value: "g${'x'.repeat(63)}": must be no more than 63 characters; the Endpoints take the Service's name`,
    ]);
  });

  test('a derived name that is no DNS-1035 label says to set metadata.name', () => {
    const chart = new Chart(Testing.app(), '1-25');
    const gluster = new GlusterCluster(chart, 'Gluster', { addresses: NODES, kubernetesVersion: V1_24 });
    expectSynthErrors(chart, [
      `[1-25/Gluster/Service] metadata.name: Invalid value: "${gluster.name}": ${DNS1035}; the Endpoints take the Service's name, derived here from the construct path: set metadata.name`,
    ]);
  });

  test.each([[V1_26], [V1_36]])('at %s: a synth-time error that GlusterFS was removed, and no manifest', (version) => {
    const f = fixture(version);
    expectSynthErrors(f.chart, [`[test/Gluster/Endpoints] subsets: ${removed(version)}`]);
  });

  test('a cluster\'s own kubernetesVersion overrides the app\'s target', () => {
    const f = fixture(V1_36, { kubernetesVersion: V1_24 });
    expect(f.gluster.kubernetesVersion).toBe(V1_24);
    expect(synthErrors(f.chart)).toEqual([]);
  });
});

describe('GlusterVolume', () => {
  test('at 1.24: the seed\'s inline glusterfs volume in a Pod of the cluster\'s namespace, no warning', () => {
    const f = fixture(V1_24);
    const vol = seedPod(f);
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Endpoints', 'Service', 'Pod']);
    const spec = only(docs, 'Pod').spec;
    expect(spec.volumes).toEqual([{ name: 'glusterfsvol', glusterfs: { endpoints: NAME, path: 'kube_vol', readOnly: true } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/mnt/glusterfs', name: 'glusterfsvol', readOnly: true }]);
    expect(vol.name).toEqual('glusterfsvol');
    expect(vol.cluster).toBe(f.gluster);
    expect(vol.asVolume()).toBe(vol.asVolume());
  });

  test('at 1.25: the same volume, with kube-apiserver\'s deprecation warning', () => {
    const f = fixture(V1_25);
    seedPod(f);
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([`Warning: [test/Gluster/KubeVol] volumes[glusterfsvol].glusterfs: ${DEPRECATED}`]);
    expect(only(docs, 'Pod').spec.volumes).toEqual([{ name: 'glusterfsvol', glusterfs: { endpoints: NAME, path: 'kube_vol', readOnly: true } }]);
  });

  test.each([[V1_26], [V1_36]])('at %s: a synth-time error on the volume and the cluster', (version) => {
    const f = fixture(version);
    seedPod(f);
    expectSynthErrors(f.chart, [
      `[test/Gluster/Endpoints] subsets: ${removed(version)}`,
      `[test/Gluster/KubeVol] volumes[glusterfsvol].glusterfs: ${removed(version)}`,
    ]);
  });

  test('new GlusterVolume: a name from the construct path, readOnly only when given', () => {
    const f = fixture(V1_24);
    const vol = new GlusterVolume(f.chart, 'Scratch', { cluster: f.gluster, path: 'scratch/tmp' });
    const dep = new kplus.Deployment(f.chart, 'App', { containers: [{ image: 'busybox:1.36' }] });
    dep.containers[0].mount('/scratch', vol);
    const docs = synthValid(f.chart);
    expect(vol.name).toMatch(/^test-scratch-[0-9a-f]{8}$/);
    expect(only(docs, 'Deployment').spec.template.spec.volumes).toEqual([{ name: vol.name, glusterfs: { endpoints: NAME, path: 'scratch/tmp' } }]);
  });

  test('cluster.volume() follows the cluster\'s kubernetesVersion', () => {
    const f = fixture(V1_36, { kubernetesVersion: V1_24 });
    expect(seedPod(f).kubernetesVersion).toBe(V1_24);
    expect(synthErrors(f.chart)).toEqual([]);
  });

  test('refuses an empty path, a path cdk8s cannot write, and a bad volume name', () => {
    const f = fixture(V1_24);
    f.gluster.volume('Empty', { name: 'empty', path: '' });
    f.gluster.volume('Ctl', { name: 'ctl', path: 'kube\u0000vol' });
    f.gluster.volume('Bad', { name: 'Bad_Name', path: 'kube_vol' });
    expectSynthErrors(f.chart, [
      '[test/Gluster/Empty] volumes[empty].glusterfs.path: Required value: name the Gluster volume, e.g. "kube_vol"',
      '[test/Gluster/Ctl] volumes[ctl].glusterfs.path: Invalid value: "kube\\u0000vol": must not contain control characters, line separators (U+0085, U+2028, U+2029) or non-characters: cdk8s writes them so that YAML readers refuse or misread the manifest',
      `[test/Gluster/Bad] volumes[Bad_Name].name: Invalid value: "Bad_Name": ${DNS1123_LABEL}`,
    ]);
  });

  test('props of another type than TypeScript allows: field errors at the volume\'s fields, never a TypeError', () => {
    const f = fixture(V1_24);
    const at = '[test/V] volumes[v].glusterfs';
    const vol = new GlusterVolume(f.chart, 'V', { name: 'v', path: 5, readOnly: 'yes' } as unknown as GlusterVolumeProps);
    new GlusterVolume(f.chart, 'W', { name: 'w', cluster: {}, path: 'kube_vol' } as unknown as GlusterVolumeProps);
    new GlusterVolume(f.chart, 'Nothing', undefined as unknown as GlusterVolumeProps);
    f.gluster.volume('Empty', undefined as unknown as GlusterVolumeOptions);
    const pod = new kplus.Pod(f.chart, 'Pod', { containers: [{ image: 'kubernetes/pause' }] });
    pod.containers[0].mount('/data', vol);
    const lines = synthErrors(f.chart);
    expect(lines).toEqual(expect.arrayContaining([
      `${at}.endpoints: Required value: give the GlusterCluster whose Endpoints the volume names (cluster)`,
      `${at}.path: Invalid value: 5: must be a string, the Gluster volume name (got a number)`,
      `${at}.readOnly: Invalid value: "yes": must be true or false (got a string)`,
      '[test/W] volumes[w].glusterfs.endpoints: Invalid value: {}: must be a GlusterCluster (the cluster prop) (got an object)',
    ]));
    expect(lines.filter((l) => l.startsWith('[test/Nothing] ')).map((l) => l.replace(/volumes\[[^\]]+\]/, 'volumes[x]'))).toEqual([
      '[test/Nothing] volumes[x].glusterfs.endpoints: Required value: give the GlusterCluster whose Endpoints the volume names (cluster)',
      '[test/Nothing] volumes[x].glusterfs.path: Required value: name the Gluster volume, e.g. "kube_vol"',
    ]);
    expect(lines.filter((l) => l.startsWith('[test/Gluster/Empty] ')).map((l) => l.replace(/volumes\[[^\]]+\]/, 'volumes[x]'))).toEqual([
      '[test/Gluster/Empty] volumes[x].glusterfs.path: Required value: name the Gluster volume, e.g. "kube_vol"',
    ]);
  });

  test('refuses a workload in another namespace than the Endpoints: the plugin reads them from the Pod\'s namespace', () => {
    const f = fixture(V1_24);
    const vol = f.gluster.volume('KubeVol', { name: 'glusterfsvol', path: 'kube_vol' });
    const other = new Chart(f.chart.node.scope as any, 'web', { namespace: 'web' });
    const pod = new kplus.Pod(other, 'Pod', { containers: [{ image: 'kubernetes/pause' }] });
    pod.containers[0].mount('/mnt/glusterfs', vol);
    const dep = new kplus.Deployment(other, 'App', { containers: [{ image: 'kubernetes/pause' }] });
    dep.addVolume(vol.asVolume());
    const same = new kplus.Pod(f.chart, 'Same', { containers: [{ image: 'kubernetes/pause' }] });
    same.containers[0].mount('/mnt/glusterfs', vol);
    const detail = 'the Endpoints are in namespace "storage", and the glusterfs plugin reads them from the Pod\'s namespace "web": ' +
      'create the GlusterCluster in the Pod\'s namespace, or mount a GlusterPersistentVolume (it names endpointsNamespace)';
    expect(synthErrors(other).sort()).toEqual([
      `[web/App] spec.template.spec.volumes[glusterfsvol].glusterfs.endpoints: Invalid value: "${NAME}": ${detail}`,
      `[web/Pod] spec.volumes[glusterfsvol].glusterfs.endpoints: Invalid value: "${NAME}": ${detail}`,
    ]);
  });

  test('no namespace check when the app does not know the cluster\'s namespace', () => {
    const f = fixture(V1_24, {}, { noNamespace: true });
    const other = new Chart(f.chart.node.scope as any, 'web', { namespace: 'web' });
    const pod = new kplus.Pod(other, 'Pod', { containers: [{ image: 'kubernetes/pause' }] });
    pod.containers[0].mount('/mnt/glusterfs', f.gluster.volume('KubeVol', { path: 'kube_vol' }));
    expect(synthErrors(other)).toEqual([]);
  });
});

describe('GlusterPersistentVolume', () => {
  test('at 1.24: spec.glusterfs with the cluster\'s namespace as endpointsNamespace, a reserved claim, a claim volume', () => {
    const f = fixture(V1_24);
    const pv = glusterPv(f, { readOnly: true, accessModes: [RWX] });
    const web = new kplus.Deployment(f.chart, 'Web', { containers: [{ image: 'nginx:1.27' }] });
    web.containers[0].mount('/usr/share/nginx/html', pv);
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs).sort()).toEqual(['Deployment', 'Endpoints', 'PersistentVolume', 'PersistentVolumeClaim', 'Service']);
    const claim = only(docs, 'PersistentVolumeClaim');
    const v = only(docs, 'PersistentVolume');
    expect(v.apiVersion).toEqual('v1');
    expect(v.metadata).toEqual({ name: 'gluster-kube-vol' });
    expect(v.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      capacity: { storage: '100Gi' },
      claimRef: { name: claim.metadata.name, namespace: 'storage' },
      glusterfs: { endpoints: NAME, endpointsNamespace: 'storage', path: 'kube_vol', readOnly: true },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteMany'], resources: { requests: { storage: '100Gi' } }, storageClassName: '', volumeMode: 'Filesystem', volumeName: 'gluster-kube-vol',
    });
    expect(only(docs, 'Deployment').spec.template.spec.volumes).toEqual([
      { name: `pvc-${claim.metadata.name}`, persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: true } },
    ]);
  });

  test('a claim in another namespace mounts it: endpointsNamespace points at the cluster', () => {
    const f = fixture(V1_24);
    const pv = glusterPv(f);
    const other = new Chart(f.chart.node.scope as any, 'web', { namespace: 'web' });
    const claim = new kplus.PersistentVolumeClaim(other, 'Claim', { storage: Size.gibibytes(100), accessModes: [RWO], storageClassName: '', volume: pv });
    pv.bind(claim);
    const pod = new kplus.Pod(other, 'Pod', { containers: [{ image: 'kubernetes/pause' }] });
    pod.containers[0].mount('/data', kplus.Volume.fromPersistentVolumeClaim(other, 'Data', claim));
    expect(synthErrors(f.chart)).toEqual([]);
    const pvDoc = only(synthValid(f.chart), 'PersistentVolume');
    expect(pvDoc.spec.glusterfs).toEqual({ endpoints: NAME, endpointsNamespace: 'storage', path: 'kube_vol' });
    expect(pvDoc.spec.claimRef).toEqual({ name: claim.name, namespace: 'web' });
  });

  test('at 1.25: the same volume, with kube-apiserver\'s deprecation warning', () => {
    const f = fixture(V1_25);
    glusterPv(f);
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([`Warning: [test/Shared] spec.glusterfs: ${DEPRECATED}`]);
    expect(only(docs, 'PersistentVolume').spec.glusterfs).toEqual({ endpoints: NAME, endpointsNamespace: 'storage', path: 'kube_vol' });
  });

  test.each([[V1_26], [V1_36]])('at %s: a synth-time error on the volume and the cluster', (version) => {
    const f = fixture(version);
    glusterPv(f);
    expectSynthErrors(f.chart, [
      `[test/Gluster/Endpoints] subsets: ${removed(version)}`,
      `[test/Shared] spec.glusterfs: ${removed(version)}`,
    ]);
  });

  test('serves ReadWriteOnce, ReadOnlyMany and ReadWriteMany, with mount options', () => {
    const f = fixture(V1_24);
    glusterPv(f, { accessModes: [RWO, ROX, RWX], mountOptions: ['log-level=WARNING', 'backup-volfile-servers=10.240.79.157'] });
    const v = only(synthValid(f.chart), 'PersistentVolume');
    expect(v.spec.accessModes).toEqual(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany']);
    expect(v.spec.mountOptions).toEqual(['log-level=WARNING', 'backup-volfile-servers=10.240.79.157']);
  });

  test('refuses ReadWriteOncePod and Block, with the reasons', () => {
    const f = fixture(V1_24);
    glusterPv(f, { accessModes: [RWOP], volumeMode: kplus.PersistentVolumeMode.BLOCK });
    expectSynthErrors(f.chart, [
      // at 1.24 and 1.25 kube-apiserver refuses ReadWriteOncePod for every volume (core/rules/access.ts says why)
      '[test/Shared] spec.accessModes[0]: Unsupported value: "ReadWriteOncePod": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce"; ' +
        'ReadWriteOncePod is served from 1.27 (target 1.24): its feature gate is off before',
      '[test/Shared] spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; the glusterfs plugin mounts a Gluster volume as a filesystem and has no raw block mode',
    ]);
  });

  test('endpointsNamespace: written when given for a cluster in a Chart without namespace; unset when unknown', () => {
    const f = fixture(V1_24, {}, { noNamespace: true });
    glusterPv(f);
    new GlusterPersistentVolume(f.chart, 'Named', { cluster: f.gluster, path: 'kube_vol', storage: Size.gibibytes(1), endpointsNamespace: 'gluster' });
    const [unknown, named] = synthValid(f.chart).filter((d) => d.kind === 'PersistentVolume');
    expect(unknown.spec.glusterfs).toEqual({ endpoints: NAME, path: 'kube_vol' });
    expect(named.spec.glusterfs).toEqual({ endpoints: NAME, endpointsNamespace: 'gluster', path: 'kube_vol' });
  });

  test('endpointsNamespace: the cluster\'s own is accepted; another, an empty or an invalid one is refused', () => {
    const f = fixture(V1_24);
    const pv = (id: string, endpointsNamespace: string) => new GlusterPersistentVolume(f.chart, id, {
      cluster: f.gluster, path: 'kube_vol', storage: Size.gibibytes(1), endpointsNamespace,
    });
    pv('Same', 'storage');
    pv('Other', 'gluster');
    pv('Empty', '');
    pv('Bad', 'Bad_NS');
    const at = 'spec.glusterfs.endpointsNamespace: Invalid value';
    expectSynthErrors(f.chart, [
      `[test/Other] ${at}: "gluster": the Endpoints of GlusterCluster "test/Gluster" are in namespace "storage": leave endpointsNamespace unset`,
      `[test/Empty] ${at}: "": if the endpointnamespace is set, it must be a valid namespace name`,
      `[test/Bad] ${at}: "Bad_NS": ${DNS1123_LABEL}`,
      `[test/Bad] ${at}: "Bad_NS": the Endpoints of GlusterCluster "test/Gluster" are in namespace "storage": leave endpointsNamespace unset`,
    ]);
  });

  test('props of another type than TypeScript allows: field errors at spec.glusterfs, never a TypeError', () => {
    const f = fixture(V1_24);
    new GlusterPersistentVolume(f.chart, 'Odd', {
      storage: Size.gibibytes(1), endpointsNamespace: 7, readOnly: 'no', metadata: { name: 'odd' },
    } as unknown as GlusterPersistentVolumeProps);
    expectSynthErrors(f.chart, [
      '[test/Odd] spec.glusterfs.endpoints: Required value: give the GlusterCluster whose Endpoints the volume names (cluster)',
      '[test/Odd] spec.glusterfs.path: Required value: name the Gluster volume, e.g. "kube_vol"',
      '[test/Odd] spec.glusterfs.readOnly: Invalid value: "no": must be true or false (got a string)',
      '[test/Odd] spec.glusterfs.endpointsNamespace: Invalid value: 7: must be a string, a namespace name (got a number)',
    ]);
  });

  test('refuses an empty path', () => {
    const f = fixture(V1_24);
    glusterPv(f, { path: '' });
    expectSynthErrors(f.chart, ['[test/Shared] spec.glusterfs.path: Required value: name the Gluster volume, e.g. "kube_vol"']);
  });
});

describe('GlusterStorageClass', () => {
  test('at 1.24: every heketi parameter, and the kubernetes.io/glusterfs Secret created from the password', () => {
    const chart = storageChart({ kubernetesVersion: V1_24, namespace: 'storage' });
    const heketi = HeketiCredentials.fromPassword({ password: 's3cret', metadata: { name: 'heketi-secret' } });
    const sc = glusterClass(chart, {
      restuser: 'admin',
      credentials: heketi,
      clusterIds: ['630372ccdc720a92c681fb928f27b53f', '8a8e38c9c1e6a50b7dc16e6d0a5d2f33'],
      gidMin: 40000,
      gidMax: 50000,
      volumeType: GlusterVolumeType.replicate(3),
      volumeOptions: { 'client.ssl': 'on', 'server.ssl': 'on' },
      volumeNamePrefix: 'dept-dev',
      snapFactor: 10,
      customEpNamePrefix: 'myprefix',
      allowVolumeExpansion: true,
      mountOptions: ['log-level=WARNING'],
    });
    const { docs, warnings } = synthWithWarnings(chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['StorageClass', 'Secret']);
    expect(only(docs, 'Secret')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'heketi-secret', namespace: 'storage' },
      immutable: false,
      type: 'kubernetes.io/glusterfs',
      stringData: { key: 's3cret' },
    });
    expect(only(docs, 'StorageClass')).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'gluster-gold' },
      provisioner: 'kubernetes.io/glusterfs',
      parameters: {
        resturl: HEKETI_URL,
        restuser: 'admin',
        secretName: 'heketi-secret',
        secretNamespace: 'storage',
        clusterid: '630372ccdc720a92c681fb928f27b53f,8a8e38c9c1e6a50b7dc16e6d0a5d2f33',
        gidMin: '40000',
        gidMax: '50000',
        volumetype: 'replicate:3',
        volumeoptions: 'client.ssl on,server.ssl on',
        volumenameprefix: 'dept-dev',
        snapfactor: '10',
        customepnameprefix: 'myprefix',
      },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
      mountOptions: ['log-level=WARNING'],
    });
    expect(JSON.stringify(only(docs, 'StorageClass'))).not.toContain('s3cret');
    expect(sc.provisioner).toEqual('kubernetes.io/glusterfs');
  });

  test('only resturl: the provisioner\'s defaults for everything else; claims of the class', () => {
    const chart = storageChart({ kubernetesVersion: V1_24, namespace: 'storage' });
    const sc = glusterClass(chart);
    sc.createClaim(chart, 'Data', { storage: Size.gibibytes(20), accessModes: [RWX] });
    const docs = synthValid(chart);
    expect(only(docs, 'StorageClass').parameters).toEqual({ resturl: HEKETI_URL });
    expect(only(docs, 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'gluster-gold', volumeMode: 'Filesystem',
    });
  });

  test.each([
    ['none', GlusterVolumeType.NONE],
    ['replicate:2', GlusterVolumeType.replicate(2)],
    ['disperse:4:2', GlusterVolumeType.disperse(4, 2)],
  ])('volumetype %s', (value, volumeType) => {
    const chart = storageChart({ kubernetesVersion: V1_24 });
    glusterClass(chart, { volumeType });
    expect(only(synthValid(chart), 'StorageClass').parameters.volumetype).toEqual(value);
  });

  test('an existing Secret with its namespace, shared by two classes; no Secret is written', () => {
    const chart = storageChart({ kubernetesVersion: V1_24 });
    const heketi = HeketiCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(chart, 'Existing', 'heketi-admin'), namespace: 'kube-system' });
    glusterClass(chart, { restuser: 'admin', credentials: heketi });
    new GlusterStorageClass(chart, 'Silver', { resturl: HEKETI_URL, restuser: 'admin', credentials: heketi, volumeType: GlusterVolumeType.NONE });
    const docs = synthValid(chart);
    expect(kinds(docs)).toEqual(['StorageClass', 'StorageClass']);
    for (const d of docs) {
      expect(d.parameters).toMatchObject({ restuser: 'admin', secretName: 'heketi-admin', secretNamespace: 'kube-system' });
    }
  });

  test('one created Secret serves several classes', () => {
    const chart = storageChart({ kubernetesVersion: V1_24, namespace: 'storage' });
    const heketi = HeketiCredentials.fromPassword({ password: 's3cret' });
    glusterClass(chart, { restuser: 'admin', credentials: heketi });
    new GlusterStorageClass(chart, 'Silver', { resturl: HEKETI_URL, restuser: 'admin', credentials: heketi });
    const docs = synthValid(chart);
    expect(kinds(docs)).toEqual(['StorageClass', 'Secret', 'StorageClass']);
    expect(docs[0].parameters.secretName).toEqual(only(docs, 'Secret').metadata.name);
    expect(docs[2].parameters.secretName).toEqual(only(docs, 'Secret').metadata.name);
  });

  test('at 1.25: the same class, with the deprecation warning', () => {
    const chart = storageChart({ kubernetesVersion: V1_25 });
    glusterClass(chart);
    const { docs, warnings } = synthWithWarnings(chart);
    expect(warnings).toEqual([`Warning: [test/Gold] provisioner: ${DEPRECATED}`]);
    expect(only(docs, 'StorageClass').provisioner).toEqual('kubernetes.io/glusterfs');
  });

  test.each([[V1_26], [V1_36]])('at %s: a synth-time error that the provisioner was removed', (version) => {
    const chart = storageChart({ kubernetesVersion: version });
    glusterClass(chart);
    expectSynthErrors(chart, [`[test/Gold] provisioner: ${removed(version)}`]);
  });

  test('a class\'s own kubernetesVersion overrides the app\'s target', () => {
    const chart = storageChart({ kubernetesVersion: V1_36 });
    glusterClass(chart, { kubernetesVersion: V1_24 });
    expect(synthErrors(chart)).toEqual([]);
  });

  describe('rules, each with its full message', () => {
    const at = (key: string) => `[test/Gold] parameters[${key}]`;

    test('resturl: required, an http or https URL', () => {
      const empty = storageChart({ kubernetesVersion: V1_24 });
      glusterClass(empty, { resturl: '' });
      expectSynthErrors(empty, [`${at('resturl')}: Required value: the Heketi REST URL, e.g. "http://heketi.storage.svc:8080"`]);
      for (const url of ['heketi.storage.svc:8080', 'ftp://heketi:8080', 'http://']) {
        const chart = storageChart({ kubernetesVersion: V1_24 });
        glusterClass(chart, { resturl: url });
        expectSynthErrors(chart, [`${at('resturl')}: Invalid value: "${url}": must be an http or https URL, e.g. "http://heketi.storage.svc:8080"`]);
      }
    });

    test('secret: needs restuser, and a namespace the provisioner reads it from', () => {
      const chart = storageChart({ kubernetesVersion: V1_24 });
      glusterClass(chart, { credentials: HeketiCredentials.fromPassword({ password: 's3cret' }) });
      expectSynthErrors(chart, [
        `${at('restuser')}: Required value: Heketi checks the password in secretName for this user: give restuser (e.g. "admin")`,
        `${at('secretNamespace')}: Required value: the provisioner reads the Secret from this namespace: give the Secret's Chart a namespace, or pass namespace to HeketiCredentials.fromSecret`,
      ]);
    });

    test('an existing Secret: its name and namespace as kube-apiserver checks them', () => {
      const chart = storageChart({ kubernetesVersion: V1_24 });
      const secret = kplus.Secret.fromSecretName(chart, 'Existing', 'Heketi_Admin');
      glusterClass(chart, { restuser: 'admin', credentials: HeketiCredentials.fromSecret({ secret, namespace: 'Kube_System' }) });
      expectSynthErrors(chart, [
        `${at('secretName')}: Invalid value: "Heketi_Admin": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        `${at('secretNamespace')}: Invalid value: "Kube_System": ${DNS1123_LABEL}`,
      ]);
    });

    test('a created Secret needs the password', () => {
      const chart = storageChart({ kubernetesVersion: V1_24, namespace: 'storage' });
      glusterClass(chart, { restuser: 'admin', credentials: HeketiCredentials.fromPassword({ password: '' }) });
      expectSynthErrors(chart, ['[test/Gold/HeketiSecret] stringData[key]: Required value: give the Heketi user\'s password']);
    });

    test('clusterIds, gidMin and gidMax, volume type, volume options', () => {
      const chart = storageChart({ kubernetesVersion: V1_24 });
      glusterClass(chart, {
        clusterIds: ['a,b', '', '630372CCDC720A92C681FB928F27B53F', '630372ccdc720a92c681fb928f27b53f'],
        gidMin: 1999,
        gidMax: 2147483648,
        volumeType: GlusterVolumeType.disperse(4, 0),
        volumeOptions: { 'client ssl': 'on', 'performance.cache-size': '', 'auth.allow': '10.0.0.1,10.0.0.2' },
      });
      const id = 'must be a Heketi cluster id: 32 lower-case hexadecimal digits (heketi-cli cluster list)';
      const option = 'each option is "<name> <value>": a name without spaces or commas, a value without commas';
      expectSynthErrors(chart, [
        `${at('clusterid')}: Invalid value: "a,b": ${id}`,
        `${at('clusterid')}: Invalid value: "": ${id}`,
        `${at('clusterid')}: Invalid value: "630372CCDC720A92C681FB928F27B53F": ${id}`,
        `${at('gidMin')}: Invalid value: 1999: must be between 2000 and 2147483647, inclusive`,
        `${at('gidMax')}: Invalid value: 2147483648: must be between 2000 and 2147483647, inclusive`,
        `${at('volumetype')}: Unsupported value: "disperse:4:0": supported values: "disperse:2:1", "disperse:4:2", "disperse:8:3", "disperse:8:4"; ` +
          'the disperse layouts Heketi creates ("Invalid dispersion combination")',
        `${at('volumeoptions')}: Invalid value: "client ssl on": ${option}`,
        `${at('volumeoptions')}: Invalid value: "performance.cache-size ": ${option}`,
        `${at('volumeoptions')}: Invalid value: "auth.allow 10.0.0.1,10.0.0.2": ${option}`,
      ]);
    });

    test('gidMax below gidMin, and a fractional replica count', () => {
      const chart = storageChart({ kubernetesVersion: V1_24 });
      glusterClass(chart, { gidMin: 5000, gidMax: 4000, volumeType: GlusterVolumeType.replicate(2.5) });
      const below = storageChart({ kubernetesVersion: V1_24 });
      glusterClass(below, { gidMin: 2147483647, volumeType: GlusterVolumeType.replicate(-1) });
      expectSynthErrors(chart, [
        `${at('gidMax')}: Invalid value: 4000: must be at least gidMin (5000)`,
        `${at('volumetype')}: Invalid value: "replicate:2.5": brick counts must be whole numbers (the provisioner parses them with strconv.Atoi and refuses negative ones)`,
      ]);
      // gidMin at the top is in order with the default gidMax; a negative count is refused like a fractional one
      expectSynthErrors(below, [
        `${at('volumetype')}: Invalid value: "replicate:-1": brick counts must be whole numbers (the provisioner parses them with strconv.Atoi and refuses negative ones)`,
      ]);
    });

    test('volume types Heketi creates: replicate 1 to 3 and four disperse layouts; replicate:0 is Heketi\'s default, with a warning', () => {
      const { replicate, disperse } = GlusterVolumeType;
      const created = [replicate(1), replicate(3), disperse(2, 1), disperse(8, 4)];
      for (const volumeType of created) {
        const chart = storageChart({ kubernetesVersion: V1_24 });
        glusterClass(chart, { volumeType });
        expect(synthErrors(chart)).toEqual([]);
      }
      const four = storageChart({ kubernetesVersion: V1_24 });
      glusterClass(four, { volumeType: GlusterVolumeType.replicate(4) });
      expectSynthErrors(four, [`${at('volumetype')}: Invalid value: "replicate:4": must be replicate:1 to replicate:3: Heketi refuses more replicas ("Invalid replica value")`]);
      const zero = storageChart({ kubernetesVersion: V1_24 });
      glusterClass(zero, { volumeType: GlusterVolumeType.replicate(0) });
      const { docs, warnings } = synthWithWarnings(zero);
      expect(warnings).toEqual([`Warning: ${at('volumetype')}: "replicate:0" makes Heketi use its default, 2 replicas: write GlusterVolumeType.replicate(2)`]);
      expect(only(docs, 'StorageClass').parameters.volumetype).toEqual('replicate:0');
    });

    test('volume name prefix, snapshot factor, Endpoints name prefix', () => {
      const chart = storageChart({ kubernetesVersion: V1_24 });
      glusterClass(chart, { volumeNamePrefix: 'dept_dev', snapFactor: 0.5, customEpNamePrefix: `Glu${'s'.repeat(24)}` });
      const other = storageChart({ kubernetesVersion: V1_24 });
      glusterClass(other, { volumeNamePrefix: 'dept.dev', snapFactor: 101, customEpNamePrefix: '' });
      const letters = 'must start with a lower-case letter and hold only lower-case letters, digits and \'-\': <prefix>-<claim UID> is a Service name (a DNS-1035 label)';
      expectSynthErrors(chart, [
        `${at('volumenameprefix')}: Invalid value: "dept_dev": must not contain '_' (the provisioner joins prefix, namespace and claim name with '_')`,
        `${at('snapfactor')}: Invalid value: 0.5: must be between 1 and 100, inclusive`,
        `${at('customepnameprefix')}: Invalid value: "Glu${'s'.repeat(24)}": must be no more than 26 characters: the Endpoints and Service are named <prefix>-<claim UID>, at most 63`,
        `${at('customepnameprefix')}: Invalid value: "Glu${'s'.repeat(24)}": ${letters}`,
      ]);
      expectSynthErrors(other, [
        `${at('volumenameprefix')}: Invalid value: "dept.dev": must consist of letters, digits and '-': Heketi refuses other characters in a volume name`,
        `${at('snapfactor')}: Invalid value: 101: must be between 1 and 100, inclusive`,
        `${at('customepnameprefix')}: Invalid value: "": ${letters}`,
      ]);
    });

    test('an empty volume name prefix is ignored by the provisioner: a warning, and the class is written', () => {
      const chart = storageChart({ kubernetesVersion: V1_24 });
      glusterClass(chart, { volumeNamePrefix: '' });
      const { docs, warnings } = synthWithWarnings(chart);
      expect(warnings).toEqual([
        `Warning: ${at('volumenameprefix')}: an empty volumenameprefix is ignored: the provisioner leaves Heketi's vol_<id> names; leave volumeNamePrefix unset`,
      ]);
      expect(only(docs, 'StorageClass').parameters).toEqual({ resturl: HEKETI_URL, volumenameprefix: '' });
    });

    test('resturl: what Go\'s net/http can send to, as Heketi\'s client does', () => {
      for (const url of ['http://u.1:8080', 'http://[fd00::5]:8080', 'HTTPS://heketi.example.com', 'http://admin@heketi:8080/']) {
        const chart = storageChart({ kubernetesVersion: V1_24 });
        glusterClass(chart, { resturl: url });
        expect(synthErrors(chart)).toEqual([]);
      }
      for (const url of ['http://h:port', 'http://a b', '10.0.0.5:8080']) {
        const chart = storageChart({ kubernetesVersion: V1_24 });
        glusterClass(chart, { resturl: url });
        expectSynthErrors(chart, [`${at('resturl')}: Invalid value: "${url}": must be an http or https URL, e.g. "http://heketi.storage.svc:8080"`]);
      }
    });

    test('with a password, restuser is "admin": Heketi\'s only user that may read the cluster\'s nodes', () => {
      const chart = storageChart({ kubernetesVersion: V1_24, namespace: 'storage' });
      const heketi = HeketiCredentials.fromPassword({ password: 's3cret' });
      glusterClass(chart, { restuser: 'bob', credentials: heketi });
      new GlusterStorageClass(chart, 'Open', { resturl: HEKETI_URL, restuser: 'bob' });
      expectSynthErrors(chart, [
        `${at('restuser')}: Unsupported value: "bob": supported values: "admin"; with a password, Heketi knows the users "admin" and "user" only, ` +
          'and "user" may not read the cluster\'s nodes, which the provisioner does for every volume',
      ]);
    });
  });

  describe('props of another type than TypeScript allows (JavaScript, Python): field errors, never a TypeError', () => {
    const at = (key: string) => `[test/Gold] parameters[${key}]`;

    test('every heketi prop, each at its parameter; values of the wrong type are not written', () => {
      const chart = storageChart({ kubernetesVersion: V1_24, namespace: 'storage' });
      glusterClass(chart, {
        resturl: 8080,
        restuser: 1,
        credentials: 's3cret',
        clusterIds: 'abc',
        gidMin: '3000',
        gidMax: 4000.5,
        volumeType: 'replicate:3',
        volumeOptions: { 'client.ssl': true },
        volumeNamePrefix: [],
        snapFactor: '2',
        customEpNamePrefix: null,
      } as unknown as GlusterStorageClassProps);
      expectSynthErrors(chart, [
        `${at('resturl')}: Invalid value: 8080: must be a string, the Heketi REST URL (got a number)`,
        `${at('restuser')}: Invalid value: 1: must be a string (got a number)`,
        `${at('secretName')}: Invalid value: "s3cret": must be a HeketiCredentials (HeketiCredentials.fromPassword or HeketiCredentials.fromSecret) (got a string)`,
        `${at('clusterid')}: Invalid value: "abc": must be a list of strings (got a string)`,
        `${at('gidMin')}: Invalid value: "3000": must be a whole number between 2000 and 2147483647 (got a string)`,
        `${at('gidMax')}: Invalid value: 4000.5: must be a whole number between 2000 and 2147483647`,
        `${at('volumetype')}: Invalid value: "replicate:3": must be a GlusterVolumeType (GlusterVolumeType.NONE, .replicate(n) or .disperse(data, redundancy)) (got a string)`,
        `${at('volumeoptions')}[client.ssl]: Invalid value: true: must be a string (got a boolean)`,
        `${at('volumenameprefix')}: Invalid value: []: must be a string (got a list)`,
        `${at('snapfactor')}: Invalid value: "2": must be a number between 1 and 100 (got a string)`,
      ]);
    });

    test('no props at all: the Required resturl', () => {
      const chart = storageChart({ kubernetesVersion: V1_24 });
      new GlusterStorageClass(chart, 'Gold', undefined as unknown as GlusterStorageClassProps);
      expectSynthErrors(chart, [`${at('resturl')}: Required value: the Heketi REST URL, e.g. "http://heketi.storage.svc:8080"`]);
    });

    test('HeketiCredentials.fromPassword: a password of another type is reported redacted and not written', () => {
      const chart = storageChart({ kubernetesVersion: V1_24, namespace: 'storage' });
      const heketi = HeketiCredentials.fromPassword({ password: 12345, metadata: 'heketi' } as unknown as HeketiPasswordOptions);
      glusterClass(chart, { restuser: 'admin', credentials: heketi });
      expectSynthErrors(chart, [
        '[test/Gold/HeketiSecret] stringData[key]: Invalid value: <redacted>: must be a string (got a number)',
        '[test/Gold/HeketiSecret] stringData[key]: Required value: give the Heketi user\'s password',
        '[test/Gold/HeketiSecret] metadata: Invalid value: "heketi": must be an object such as { name: "data" } (got a string)',
      ]);
    });

    test('HeketiCredentials.fromSecret: no Secret, or a Secret and namespace of other types, at the parameters they land in', () => {
      const chart = storageChart({ kubernetesVersion: V1_24, namespace: 'storage' });
      const none = HeketiCredentials.fromSecret({} as HeketiSecretOptions);
      const odd = HeketiCredentials.fromSecret({ secret: 'heketi-admin', namespace: 7 } as unknown as HeketiSecretOptions);
      glusterClass(chart, { restuser: 'admin', credentials: none });
      new GlusterStorageClass(chart, 'Silver', { resturl: HEKETI_URL, restuser: 'admin', credentials: odd });
      expectSynthErrors(chart, [
        '[test/Gold] parameters[secretName]: Required value: give the existing Secret (HeketiCredentials.fromSecret({ secret }))',
        '[test/Silver] parameters[secretName]: Invalid value: "heketi-admin": must be a Secret: a cdk8s-plus-27 Secret of this app, or kplus.Secret.fromSecretName(scope, id, name) (got a string)',
        '[test/Silver] parameters[secretNamespace]: Invalid value: 7: must be a string, a namespace name (got a number)',
      ]);
    });
  });
});

describe('every GlusterFS form of one app, per target version', () => {
  function app(version: KubernetesVersion): Chart {
    const f = fixture(version);
    seedPod(f);
    glusterPv(f);
    glusterClass(f.chart);
    return f.chart;
  }

  test.each([[V1_24], [V1_25]])('at %s: Endpoints, Service, Pod, PersistentVolume, StorageClass', (version) => {
    const { docs, warnings } = synthWithWarnings(app(version));
    expect(kinds(docs)).toEqual(['Endpoints', 'Service', 'Pod', 'PersistentVolume', 'StorageClass']);
    expect(warnings).toEqual(version === V1_25 ? [
      `Warning: [test/Gluster/KubeVol] volumes[glusterfsvol].glusterfs: ${DEPRECATED}`,
      `Warning: [test/Shared] spec.glusterfs: ${DEPRECATED}`,
      `Warning: [test/Gold] provisioner: ${DEPRECATED}`,
    ] : []);
  });

  test.each([[V1_26], [V1_36]])('at %s: one error per construct, each saying GlusterFS was removed in 1.26 and what to use instead', (version) => {
    expectSynthErrors(app(version), [
      `[test/Gluster/Endpoints] subsets: ${removed(version)}`,
      `[test/Gluster/KubeVol] volumes[glusterfsvol].glusterfs: ${removed(version)}`,
      `[test/Shared] spec.glusterfs: ${removed(version)}`,
      `[test/Gold] provisioner: ${removed(version)}`,
    ]);
  });
});

describe('canonical IP addresses (core/ip-address)', () => {
  // The WHATWG URL serializer writes IPv6 hosts the RFC 5952 way (lower case, no leading zeros,
  // the first longest run of two or more zero groups as "::"): an independent oracle.
  const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));

  test('IPv6 in any spelling becomes the RFC 5952 form; IPv4-mapped addresses have none', () => {
    fc.assert(fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), fc.boolean(), (groups, upper) => {
      const full = groups.map((g) => g.toString(16).padStart(4, '0')).join(':');
      const written = upper ? full.toUpperCase() : full;
      const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
      const expected = new URL(`http://[${full}]/`).hostname.slice(1, -1);
      expect(canonicalIP(written)).toEqual(mapped ? undefined : expected);
      if (!mapped) expect(canonicalIP(expected)).toEqual(expected);
    }), { seed: 42, numRuns: 500 });
  });

  test('IPv4 stays dotted decimal; leading zeros and host names have no canonical form', () => {
    expect(canonicalIP('10.240.106.152')).toEqual('10.240.106.152');
    expect(canonicalIP('::10.1.2.3')).toEqual('::a01:203');
    expect(canonicalIP('010.240.106.152')).toBeUndefined();
    expect(canonicalIP('gluster-1')).toBeUndefined();
  });
});
