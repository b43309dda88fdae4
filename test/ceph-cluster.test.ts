import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  CephCluster, CephClusterProps, CephCredentials, CephCsiConfig, CephFsStorageClass, CephFsVolume, CephRbdPersistentVolume, CephRbdStorageClass,
  CephRbdVolume, ICephCluster, KubernetesVersion,
} from '../src';
import { captureWarnings, expectSynthErrors, kinds, only, storageChart, synthValid, synthWithWarnings } from './helpers';

const MONITORS = ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'];
const KEY = 'AQC16L1VkJVLRxbQTVrQ1FnZnJCaHwVUXsz12QzG0SEB9PQ==';
const { V1_30, V1_31 } = KubernetesVersion;
const MONITOR_RULE = 'must be "host" or "host:port" with host an IP address or DNS name and port 1-65535; an IPv6 address needs brackets and a port, e.g. "[fd00::1]:6789"';
const DNS_LABEL = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')';
const UNSAFE_TEXT = 'must not contain control characters, line separators (U+0085, U+2028, U+2029) or non-characters: cdk8s writes them so that YAML readers refuse or misread the manifest';

function cluster(chart: Chart, props: Partial<CephClusterProps> = {}, id = 'Ceph'): CephCluster {
  return new CephCluster(chart, id, { monitors: MONITORS, clusterId: 'prod', ...props });
}

/** The app writes the ceph-csi ConfigMap, into the namespace of a ceph-csi whose deployment does not. */
const APP: Partial<CephClusterProps> = { csiConfig: CephCsiConfig.APP, csiNamespace: 'ceph-csi-rbd' };

function credentialsOf(ceph: CephCluster): CephCredentials {
  return CephCredentials.fromUserKey({ cluster: ceph, user: 'admin', key: KEY });
}

/** A ceph-csi RBD volume on the cluster, mounted nowhere. */
function csiVolume(chart: Chart, ceph: CephCluster, id: string, credentials: CephCredentials): CephRbdVolume {
  return new CephRbdVolume(chart, id, { cluster: ceph, pool: 'kube', image: id.toLowerCase(), storage: Size.gibibytes(1), credentials });
}

function configJson(docs: any[]): any {
  return JSON.parse(only(docs, 'ConfigMap', 'ceph-csi-config').data['config.json']);
}

describe('CephCluster rules', () => {
  test('at least one monitor', () => {
    const chart = storageChart({ kubernetesVersion: V1_31 });
    cluster(chart, { monitors: [] });
    expectSynthErrors(chart, ['[test/Ceph] monitors: Required value: list at least one monitor as "host" or "host:port"']);
  });

  test.each([
    ['fd00::1'],
    ['bad host:6789'],
    ['10.16.154.78:6789:1'],
    ['[fd00::1]'],
    ['1.2.3'],
  ])('monitor %s is refused', (monitor) => {
    const chart = storageChart({ kubernetesVersion: V1_31 });
    cluster(chart, { monitors: ['10.16.154.78:6789', monitor] });
    expectSynthErrors(chart, [`[test/Ceph] monitors[1]: Invalid value: ${JSON.stringify(monitor)}: ${MONITOR_RULE}`]);
  });

  test('a monitor port out of range', () => {
    const chart = storageChart({ kubernetesVersion: V1_31 });
    cluster(chart, { monitors: ['10.16.154.78:0'] });
    expectSynthErrors(chart, [`[test/Ceph] monitors[0]: Invalid value: "10.16.154.78:0": port must be between 1 and 65535, inclusive (${MONITOR_RULE})`]);
  });

  test('monitors of every accepted form reach the ceph-csi configuration as written', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const monitors = ['10.16.154.78', 'mon-b.ceph.example.com:6789', '[fd00::1]:3300'];
    const ceph = cluster(chart, { ...APP, monitors });
    csiVolume(chart, ceph, 'Data', credentialsOf(ceph));
    expect(configJson(synthValid(chart))).toEqual([{ clusterID: 'prod', monitors }]);
  });

  test('an empty cluster id is Required where ceph-csi reads it', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart, { clusterId: '' });
    csiVolume(chart, ceph, 'Data', credentialsOf(ceph));
    expectSynthErrors(chart, [
      '[test/Data/PersistentVolume] spec.csi.volumeAttributes[clusterID]: Required value: give CephCluster "test/Ceph" a clusterId: rbd.csi.ceph.com finds the monitors through it in the ceph-csi configuration',
    ]);
  });

  test('a cluster id no CSI form reads is not checked', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    const ceph = cluster(chart, { clusterId: '' });
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'foo', storage: Size.gibibytes(1), credentials: credentialsOf(ceph) });
    expect(kinds(synthWithWarnings(chart).docs)).toEqual(['Secret', 'PersistentVolume']);
  });

  test.each([
    ['x'.repeat(65)],
    ['ü'.repeat(33)],
  ])('cluster id %s is over 64 bytes for a provisioning StorageClass', (clusterId) => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart, { clusterId });
    new CephRbdStorageClass(chart, 'Fast', { cluster: ceph, credentials: credentialsOf(ceph) });
    expectSynthErrors(chart, [
      `[test/Ceph] clusterId: Invalid value: "${clusterId}": must be no more than 64 bytes: ceph-csi composes the IDs of the volumes it provisions (at most 128 bytes) from it`,
    ]);
  });

  test('a cluster id of exactly 64 bytes serves a StorageClass; a longer one static volumes', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const provisioned = cluster(chart, { ...APP, clusterId: 'p'.repeat(64) }, 'Provisioned');
    new CephRbdStorageClass(chart, 'Fast', { cluster: provisioned, credentials: credentialsOf(provisioned) });
    const staticOnly = cluster(chart, { ...APP, clusterId: 's'.repeat(100) }, 'Static');
    csiVolume(chart, staticOnly, 'Data', credentialsOf(staticOnly));
    expect(configJson(synthValid(chart)).map((c: any) => c.clusterID)).toEqual(['p'.repeat(64), 's'.repeat(100)]);
  });

  test('a csiNamespace that is no DNS label: the ConfigMap\'s namespace', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart, { csiConfig: CephCsiConfig.APP, csiNamespace: 'Ceph_CSI' });
    csiVolume(chart, ceph, 'Data', credentialsOf(ceph));
    expectSynthErrors(chart, [`[test/Ceph/CsiConfig] metadata.namespace: Invalid value: "Ceph_CSI": ${DNS_LABEL} (the csiNamespace of CephCluster "test/Ceph")`]);
  });

  test('a csiNamespace nothing writes to is not checked', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    const ceph = cluster(chart, { csiNamespace: 'Ceph_CSI' });
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'foo', storage: Size.gibibytes(1) });
    expect(kinds(synthWithWarnings(chart).docs)).toEqual(['PersistentVolume']);
  });

  test('two clusters of one id in one ceph-csi configuration', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const first = cluster(chart, APP);
    const second = cluster(chart, { ...APP, monitors: ['10.0.0.1:6789'] }, 'Second');
    csiVolume(chart, first, 'One', credentialsOf(first));
    csiVolume(chart, second, 'Two', credentialsOf(second));
    expectSynthErrors(chart, ['[test/Second] clusterId: Duplicate value: "prod": another CephCluster of this ceph-csi configuration has this id; ceph-csi would use the first one\'s monitors']);
  });

  test('one cluster id in two ceph-csi namespaces is no duplicate: one ConfigMap each', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const first = cluster(chart, APP);
    const second = cluster(chart, { ...APP, monitors: ['10.0.0.1:6789'], csiNamespace: 'ceph-csi-2' }, 'Second');
    csiVolume(chart, first, 'One', credentialsOf(first));
    csiVolume(chart, second, 'Two', credentialsOf(second));
    const maps = synthValid(chart).filter((d) => d.kind === 'ConfigMap');
    expect(maps.map((m) => [m.metadata, JSON.parse(m.data['config.json'])])).toEqual([
      [{ name: 'ceph-csi-config', namespace: 'ceph-csi-rbd' }, [{ clusterID: 'prod', monitors: MONITORS }]],
      [{ name: 'ceph-csi-config', namespace: 'ceph-csi-2' }, [{ clusterID: 'prod', monitors: ['10.0.0.1:6789'] }]],
    ]);
  });
});

describe('the ceph-csi configuration ConfigMap', () => {
  test('two volumes on one cluster and one on a second: one ConfigMap, each cluster once, sorted by clusterID', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const zeta = cluster(chart, { ...APP, clusterId: 'zeta' }, 'Zeta');
    const alpha = cluster(chart, { ...APP, clusterId: 'alpha', monitors: ['10.0.0.1:6789', '10.0.0.2:6789'] }, 'Alpha');
    const zetaAdmin = credentialsOf(zeta);
    const db = new kplus.Deployment(chart, 'Db', { replicas: 1, strategy: kplus.DeploymentStrategy.recreate(), containers: [{ image: 'postgres:16', securityContext: { ensureNonRoot: false } }] });
    db.containers[0].mount('/a', csiVolume(chart, zeta, 'One', zetaAdmin));
    db.containers[0].mount('/b', csiVolume(chart, zeta, 'Two', zetaAdmin));
    db.containers[0].mount('/c', csiVolume(chart, alpha, 'Three', credentialsOf(alpha)));

    const { docs, warnings } = synthWithWarnings(chart);
    expect(warnings).toEqual([]);
    expect(docs.filter((d) => d.kind === 'ConfigMap')).toEqual([{
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ceph-csi-config', namespace: 'ceph-csi-rbd' },
      data: {
        'config.json': JSON.stringify([
          { clusterID: 'alpha', monitors: ['10.0.0.1:6789', '10.0.0.2:6789'] },
          { clusterID: 'zeta', monitors: MONITORS },
        ], undefined, 2),
      },
    }]);
    expect(docs.filter((d) => d.kind === 'Secret')).toHaveLength(2);
    expect(docs.filter((d) => d.kind === 'PersistentVolume')).toHaveLength(3);
  });

  test('volumes and StorageClasses of both drivers share the one ConfigMap', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart, APP);
    const admin = credentialsOf(ceph);
    csiVolume(chart, ceph, 'Data', admin);
    new CephFsVolume(chart, 'Shared', { cluster: ceph, storage: Size.gibibytes(1), credentials: admin });
    new CephRbdStorageClass(chart, 'Fast', { cluster: ceph, credentials: admin });
    new CephFsStorageClass(chart, 'Files', { cluster: ceph, fsName: 'cephfs', credentials: admin });
    const docs = synthValid(chart);
    expect(configJson(docs)).toEqual([{ clusterID: 'prod', monitors: MONITORS }]);
    // one user Secret for every ceph-csi consumer, one Secret of both pairs for CephFS provisioning
    expect(docs.filter((d) => d.kind === 'Secret').map((d) => Object.keys(d.stringData))).toEqual([
      ['userID', 'userKey'], ['adminID', 'adminKey', 'userID', 'userKey'],
    ]);
  });

  test('the default, CephCsiConfig.EXTERNAL, writes none (ceph-csi\'s Helm release or Rook writes it), and the volumes still name the cluster id', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart);
    expect([ceph.csiConfig, ceph.csiNamespace]).toEqual([CephCsiConfig.EXTERNAL, undefined]);
    csiVolume(chart, ceph, 'Data', credentialsOf(ceph));
    const docs = synthValid(chart);
    expect(kinds(docs)).toEqual(['Secret', 'PersistentVolume']);
    expect(only(docs, 'PersistentVolume').spec.csi.volumeAttributes.clusterID).toEqual('prod');
  });

  test('an EXTERNAL cluster is left out of an APP cluster\'s ConfigMap, even with the same csiNamespace', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const managed = cluster(chart, { clusterId: 'managed', csiNamespace: 'ceph-csi-rbd' }, 'Managed');
    const ours = cluster(chart, { ...APP, clusterId: 'ours' }, 'Ours');
    csiVolume(chart, managed, 'One', credentialsOf(managed));
    csiVolume(chart, ours, 'Two', credentialsOf(ours));
    expect(configJson(synthValid(chart))).toEqual([{ clusterID: 'ours', monitors: MONITORS }]);
  });

  test('in-tree volumes need no ceph-csi configuration', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    const ceph = cluster(chart);
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'foo', storage: Size.gibibytes(1), credentials: credentialsOf(ceph) });
    const { docs } = synthWithWarnings(chart);
    expect(kinds(docs)).toEqual(['Secret', 'PersistentVolume']);
  });

  test('a monitor added later is in the ConfigMap', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart, { ...APP, monitors: ['10.16.154.78:6789'] });
    csiVolume(chart, ceph, 'Data', credentialsOf(ceph));
    ceph.addMonitor('10.16.154.82:6789');
    expect(configJson(synthValid(chart))).toEqual([{ clusterID: 'prod', monitors: ['10.16.154.78:6789', '10.16.154.82:6789'] }]);
    expect(ceph.monitors).toEqual(['10.16.154.78:6789', '10.16.154.82:6789']);
  });

  test('csiConfigEntry() is the entry to add to the Helm chart\'s csiConfig value or Rook\'s ConfigMap, with the RADOS namespace and subvolume group', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart, { monitors: ['10.16.154.78:6789'], radosNamespace: 'tenant-a', subvolumeGroup: 'tenant-a' });
    ceph.addMonitor('10.16.154.82:6789');
    expect(JSON.parse(ceph.csiConfigEntry())).toEqual({
      clusterID: 'prod',
      monitors: ['10.16.154.78:6789', '10.16.154.82:6789'],
      rbd: { radosNamespace: 'tenant-a' },
      cephFS: { subvolumeGroup: 'tenant-a' },
    });
    expect(JSON.parse(cluster(chart, {}, 'Plain').csiConfigEntry())).toEqual({ clusterID: 'prod', monitors: MONITORS });
  });

  test('CephCsiConfig.APP writes the RADOS namespace and subvolume group into its ConfigMap', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart, { ...APP, radosNamespace: 'tenant-a', subvolumeGroup: 'group-a' });
    csiVolume(chart, ceph, 'Data', credentialsOf(ceph));
    expect(configJson(synthValid(chart))).toEqual([
      { clusterID: 'prod', monitors: MONITORS, rbd: { radosNamespace: 'tenant-a' }, cephFS: { subvolumeGroup: 'group-a' } },
    ]);
  });

  test('CephCsiConfig.APP needs csiNamespace: no namespace is ceph-csi\'s everywhere', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart, { csiConfig: CephCsiConfig.APP });
    csiVolume(chart, ceph, 'Data', credentialsOf(ceph));
    expectSynthErrors(chart, [
      '[test/Ceph] csiNamespace: Required value: ceph-csi reads its configuration from a ConfigMap in its own namespace (its Helm release\'s): give csiNamespace, or leave csiConfig EXTERNAL to its deployment',
    ]);
  });

  test('a RADOS namespace the manifest cannot carry', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart, { ...APP, radosNamespace: 'a\u0007' });
    csiVolume(chart, ceph, 'Data', credentialsOf(ceph));
    expectSynthErrors(chart, [`[test/Ceph] radosNamespace: Invalid value: "a\\u0007": ${UNSAFE_TEXT}`]);
  });

  test('monitors returns a copy', () => {
    const ceph = cluster(storageChart());
    ceph.monitors.push('10.0.0.9');
    expect(ceph.monitors).toEqual(MONITORS);
  });
});

describe('CephCredentials', () => {
  test('the in-tree Secret is created once for all its volumes, and only the form the target needs', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    const ceph = cluster(chart);
    const admin = credentialsOf(ceph);
    new CephRbdPersistentVolume(chart, 'One', { cluster: ceph, image: 'one', storage: Size.gibibytes(1), credentials: admin });
    new CephRbdPersistentVolume(chart, 'Two', { cluster: ceph, image: 'two', storage: Size.gibibytes(1), credentials: admin });
    const { docs } = synthWithWarnings(chart);
    const secret = only(docs, 'Secret');
    expect(secret.type).toEqual('kubernetes.io/rbd');
    expect(docs.filter((d) => d.kind === 'PersistentVolume').map((d) => d.spec.rbd.secretRef)).toEqual([
      { name: secret.metadata.name, namespace: 'db' },
      { name: secret.metadata.name, namespace: 'db' },
    ]);
  });

  test('an empty key is Required on each Secret made from it', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart);
    const admin = CephCredentials.fromUserKey({ cluster: ceph, user: '', key: '' });
    csiVolume(chart, ceph, 'Data', admin);
    new CephFsStorageClass(chart, 'Files', { cluster: ceph, fsName: 'cephfs', credentials: admin });
    expectSynthErrors(chart, [
      '[test/Data/PersistentVolume/CsiSecret] stringData[userID]: Required value: give the Ceph user',
      '[test/Data/PersistentVolume/CsiSecret] stringData[userKey]: Required value: give the user\'s cephx key',
      '[test/Files/CsiAdminSecret] stringData[adminID]: Required value: give the Ceph user',
      '[test/Files/CsiAdminSecret] stringData[adminKey]: Required value: give the user\'s cephx key',
      '[test/Files/CsiAdminSecret] stringData[userID]: Required value: give the Ceph user',
      '[test/Files/CsiAdminSecret] stringData[userKey]: Required value: give the user\'s cephx key',
    ]);
  });

  test('a key that the manifest cannot carry prints redacted', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    const ceph = cluster(chart);
    const admin = CephCredentials.fromUserKey({ cluster: ceph, user: 'admin', key: `${KEY}\u0000` });
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'foo', storage: Size.gibibytes(1), credentials: admin });
    captureWarnings(() => expectSynthErrors(chart, [`[test/Data/Secret] stringData[key]: Invalid value: <redacted>: ${UNSAFE_TEXT}`]));
  });

  test('an existing Secret of the app: its name and namespace', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart);
    const secret = new kplus.Secret(chart, 'UserSecret', { metadata: { name: 'ceph-user' }, stringData: { userID: 'kube', userKey: KEY } });
    const credentials = CephCredentials.fromSecret({ cluster: ceph, secret });
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'foo', storage: Size.gibibytes(1), credentials });
    const docs = synthValid(chart);
    expect(only(docs, 'PersistentVolume').spec.csi.nodeStageSecretRef).toEqual({ name: 'ceph-user', namespace: 'db' });
    expect(docs.filter((d) => d.kind === 'Secret')).toHaveLength(1);
  });

  test('an existing Secret known by name only needs a namespace for ceph-csi, a valid one', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart);
    const secret = kplus.Secret.fromSecretName(chart, 'Imported', 'ceph-user');
    new CephRbdPersistentVolume(chart, 'NoNs', {
      cluster: ceph, image: 'one', storage: Size.gibibytes(1), credentials: CephCredentials.fromSecret({ cluster: ceph, secret }),
    });
    new CephRbdPersistentVolume(chart, 'BadNs', {
      cluster: ceph, image: 'two', storage: Size.gibibytes(1), credentials: CephCredentials.fromSecret({ cluster: ceph, secret, namespace: 'Bad_NS' }),
    });
    expectSynthErrors(chart, [
      '[test/NoNs] spec.csi.nodeStageSecretRef.namespace: Required value: a CSI volume names its Secret with a namespace: give the volume\'s Chart a namespace, or pass namespace to CephCredentials.fromSecret',
      `[test/BadNs] spec.csi.nodeStageSecretRef.namespace: Invalid value: "Bad_NS": ${DNS_LABEL}`,
    ]);
  });

  test('the key appears in no document but the Secrets, at either side of 1.30/1.31', () => {
    for (const version of [V1_30, V1_31]) {
      const chart = storageChart({ kubernetesVersion: version, namespace: 'db' });
      const ceph = cluster(chart);
      const admin = credentialsOf(ceph);
      const db = new kplus.Deployment(chart, 'Db', { replicas: 1, containers: [{ image: 'postgres:16', securityContext: { ensureNonRoot: false } }] });
      db.containers[0].mount('/rbd', csiVolume(chart, ceph, 'Data', admin));
      db.containers[0].mount('/fs', new CephFsVolume(chart, 'Shared', { cluster: ceph, storage: Size.gibibytes(1), credentials: admin }));
      new CephRbdStorageClass(chart, 'Fast', { cluster: ceph, credentials: admin });
      new CephFsStorageClass(chart, 'Files', { cluster: ceph, fsName: 'cephfs', credentials: admin });
      const { docs } = synthWithWarnings(chart);
      expect(docs.filter((d) => d.kind === 'Secret').length).toBeGreaterThan(0);
      expect(docs.filter((d) => d.kind !== 'Secret' && JSON.stringify(d).includes(KEY)).map((d) => d.kind)).toEqual([]);
    }
  });
});

/** Props as a JavaScript or Python caller can pass them: TypeScript's types do not hold at run time. */
const loose = (v: object): any => v;

describe('CephCluster props of another type (JavaScript, Python)', () => {
  test('monitors that are no list, and monitors that are no strings', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    new CephCluster(chart, 'One', loose({ monitors: '10.16.154.78:6789' }));
    const two = new CephCluster(chart, 'Two', loose({ monitors: ['10.16.154.78:6789', 6789, null] }));
    new CephRbdPersistentVolume(chart, 'Data', { cluster: two, image: 'foo', storage: Size.gibibytes(1) });
    captureWarnings(() => expectSynthErrors(chart, [
      '[test/One] monitors: Invalid value: "10.16.154.78:6789": must be a list of monitors, such as ["10.16.154.78:6789"] (got a string)',
      '[test/Two] monitors[1]: Invalid value: 6789: must be a string "host" or "host:port" (got a number)',
      '[test/Two] monitors[2]: Invalid value: null: must be a string "host" or "host:port" (got null)',
    ]));
    // only the strings are written
    expect(two.monitors).toEqual(['10.16.154.78:6789']);
  });

  test('a monitor added from JavaScript that is no string', () => {
    const chart = storageChart({ kubernetesVersion: V1_31 });
    const ceph = cluster(chart);
    ceph.addMonitor(loose({ host: '10.0.0.1' }));
    expectSynthErrors(chart, ['[test/Ceph] monitors[3]: Invalid value: {"host":"10.0.0.1"}: must be a string "host" or "host:port" (got an object)']);
  });

  test('no monitors at all (None from Python)', () => {
    const chart = storageChart({ kubernetesVersion: V1_31 });
    new CephCluster(chart, 'Ceph', loose({ monitors: null }));
    expectSynthErrors(chart, ['[test/Ceph] monitors: Required value: list at least one monitor as "host" or "host:port"']);
  });

  test('clusterId, csiNamespace and csiConfig of other types; the defaults are used meanwhile', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = new CephCluster(chart, 'Ceph', loose({ monitors: MONITORS, clusterId: 7, csiNamespace: 1, csiConfig: 'no' }));
    expect([ceph.clusterId, ceph.csiNamespace, ceph.csiConfig]).toEqual([undefined, undefined, CephCsiConfig.EXTERNAL]);
    expectSynthErrors(chart, [
      '[test/Ceph] clusterId: Invalid value: 7: must be a string (got a number)',
      '[test/Ceph] csiNamespace: Invalid value: 1: must be a string, a DNS label (got a number)',
      '[test/Ceph] csiConfig: Unsupported value: "no": supported values: "External", "App"',
    ]);
  });

  test('the former boolean csiConfig, radosNamespace and subvolumeGroup of other types', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = new CephCluster(chart, 'Ceph', loose({ monitors: MONITORS, clusterId: 'prod', csiConfig: true, radosNamespace: 3, subvolumeGroup: ['csi'] }));
    csiVolume(chart, ceph, 'Data', credentialsOf(ceph));
    expectSynthErrors(chart, [
      '[test/Ceph] csiConfig: Invalid value: true: must be one of "External", "App" (got a boolean)',
      '[test/Ceph] radosNamespace: Invalid value: 3: must be a string (got a number)',
      '[test/Ceph] subvolumeGroup: Invalid value: ["csi"]: must be a string (got a list)',
    ]);
  });

  test('props that are no object', () => {
    const chart = storageChart({ kubernetesVersion: V1_31 });
    new CephCluster(chart, 'Ceph', loose(['10.0.0.1']));
    expectSynthErrors(chart, ['[test/Ceph] monitors: Required value: list at least one monitor as "host" or "host:port"']);
  });
});

describe('CephCredentials options of another type (JavaScript, Python)', () => {
  test('a key and a user that are no strings: left out of the Secret, reported redacted', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart);
    const admin = CephCredentials.fromUserKey(loose({ cluster: ceph, user: 1, key: 42 }));
    csiVolume(chart, ceph, 'Data', admin);
    expectSynthErrors(chart, [
      '[test/Data/PersistentVolume/CsiSecret] stringData[userID]: Invalid value: <redacted>: must be a string (got a number)',
      '[test/Data/PersistentVolume/CsiSecret] stringData[userKey]: Invalid value: <redacted>: must be a string (got a number)',
    ]);
  });

  test('a missing key is Required on the Secret', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    const ceph = cluster(chart);
    const admin = CephCredentials.fromUserKey(loose({ cluster: ceph, user: 'admin' }));
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'foo', storage: Size.gibibytes(1), credentials: admin });
    captureWarnings(() => expectSynthErrors(chart, ['[test/Data/Secret] stringData[key]: Required value: give the user\'s cephx key']));
  });

  test('Secret names that are no strings', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    const ceph = cluster(chart);
    const admin = CephCredentials.fromUserKey(loose({ cluster: ceph, user: 'admin', key: KEY, secretName: 5 }));
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'foo', storage: Size.gibibytes(1), credentials: admin });
    captureWarnings(() => expectSynthErrors(chart, ['[test/Data/Secret] metadata.name: Invalid value: 5: must be a string (got a number)']));
  });

  test('credentials without a cluster, or with another value for it, at each consumer\'s Secret reference', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart);
    csiVolume(chart, ceph, 'One', CephCredentials.fromUserKey(loose({ user: 'admin', key: KEY })));
    csiVolume(chart, ceph, 'Two', CephCredentials.fromUserKey(loose({ cluster: 'prod', user: 'admin', key: KEY })));
    expectSynthErrors(chart, [
      '[test/One/PersistentVolume] spec.csi.nodeStageSecretRef: Required value: the CephCredentials name no cluster: give cluster, the CephCluster the user belongs to',
      '[test/Two/PersistentVolume] spec.csi.nodeStageSecretRef: Invalid value: "prod": must be the credentials\' cluster, a CephCluster (got a string)',
    ]);
  });

  test('fromSecret with a Secret name instead of a Secret', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    const ceph = cluster(chart);
    const credentials = CephCredentials.fromSecret(loose({ cluster: ceph, secret: 'ceph-user', namespace: 3 }));
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'foo', storage: Size.gibibytes(1), credentials });
    captureWarnings(() => expectSynthErrors(chart, [
      '[test/Data] spec.rbd.secretRef: Invalid value: "ceph-user": must be a Secret: a cdk8s-plus-27 Secret of this app, or kplus.Secret.fromSecretName(scope, id, name) (got a string)',
      '[test/Data] spec.rbd.secretRef.namespace: Invalid value: 3: must be a string (got a number)',
    ]));
  });

  test('a user and a key file path that are no strings, where the in-tree source writes them', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    const ceph = cluster(chart);
    const keyring = CephCredentials.fromKeyring(loose({ cluster: ceph, user: 1, path: ['/etc/ceph/keyring'] }));
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'foo', storage: Size.gibibytes(1), credentials: keyring });
    captureWarnings(() => expectSynthErrors(chart, [
      '[test/Data] spec.rbd.user: Invalid value: 1: must be a string (got a number)',
      '[test/Data] spec.rbd.keyring: Invalid value: ["/etc/ceph/keyring"]: must be a string, a path on the node (got a list)',
    ]));
  });

  test('a key file path the manifest cannot carry, at the in-tree field', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    const ceph = cluster(chart);
    const file = CephCredentials.fromSecretFile({ cluster: ceph, path: '/etc/ceph/admin.secret\u0007' });
    new CephFsVolume(chart, 'Shared', { name: 'shared', cluster: ceph, storage: Size.gibibytes(1), credentials: file });
    captureWarnings(() => expectSynthErrors(chart, [`[test/Shared] volumes[shared].cephfs.secretFile: Invalid value: "/etc/ceph/admin.secret\\u0007": ${UNSAFE_TEXT}`]));
  });

  test('options that are no object', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = cluster(chart);
    csiVolume(chart, ceph, 'Data', CephCredentials.fromUserKey(loose([])));
    expectSynthErrors(chart, [
      '[test/Data/PersistentVolume] spec.csi.nodeStageSecretRef: Required value: the CephCredentials name no cluster: give cluster, the CephCluster the user belongs to',
      '[test/Data/PersistentVolume/CsiSecret] stringData[userID]: Required value: give the Ceph user',
      '[test/Data/PersistentVolume/CsiSecret] stringData[userKey]: Required value: give the user\'s cephx key',
    ]);
  });
});

describe('ICephCluster', () => {
  /** A cluster the app does not configure: another construct with monitors and a cluster id. */
  class ExternalCluster extends Construct implements ICephCluster {
    public readonly monitors = ['10.0.0.1:6789'];
    public readonly clusterId = 'external';
  }

  test('a class, a volume and credentials accept another ICephCluster; the app writes no ceph-csi configuration for it', () => {
    const chart = storageChart({ kubernetesVersion: V1_31, namespace: 'db' });
    const ceph = new ExternalCluster(chart, 'External');
    const credentials = CephCredentials.fromUserKey({ cluster: ceph, user: 'admin', key: KEY });
    new CephRbdStorageClass(chart, 'Fast', { cluster: ceph, credentials });
    new CephRbdVolume(chart, 'Data', { cluster: ceph, pool: 'kube', image: 'data', storage: Size.gibibytes(1), credentials });
    const docs = synthValid(chart);
    expect(only(docs, 'StorageClass').parameters.clusterID).toEqual('external');
    expect(only(docs, 'PersistentVolume').spec.csi.volumeAttributes.clusterID).toEqual('external');
    expect(docs.filter((d) => d.kind === 'ConfigMap')).toEqual([]);
  });

  test('in-tree, its monitors are written', () => {
    const chart = storageChart({ kubernetesVersion: V1_30, namespace: 'db' });
    const ceph = new ExternalCluster(chart, 'External');
    const credentials = CephCredentials.fromUserKey({ cluster: ceph, user: 'admin', key: KEY });
    new CephRbdPersistentVolume(chart, 'Data', { cluster: ceph, image: 'data', storage: Size.gibibytes(1), credentials });
    expect(only(synthValid(chart), 'PersistentVolume').spec.rbd.monitors).toEqual(['10.0.0.1:6789']);
  });
});
