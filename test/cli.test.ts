import * as path from 'path';
import { run } from '../src/cli/main';

const MANIFESTS = path.join(__dirname, '..', 'examples', 'check', 'manifests');
const SEED = path.join(MANIFESTS, 'seed.yaml');
const APPS = path.join(MANIFESTS, 'apps.yaml');

/** Runs the command as `cdk8s-storage <args>` would; file names relative to the repository. */
function cli(args: string[], stdin = ''): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const status = run(args, (s) => { out += `${s}\n`; }, (s) => { err += `${s}\n`; }, () => stdin);
  const rel = (s: string) => s.split(path.join(__dirname, '..') + path.sep).join('');
  return { status, out: rel(out), err: rel(err) };
}

describe('cdk8s-storage check: the version policy on manifests the library did not write', () => {
  test('the seed chapter at 1.25: Flocker is gone, GlusterFS deprecated, RBD and CephFS still served', () => {
    const { status, out } = cli(['check', '--target', '1.25', SEED]);
    expect(status).toBe(1);
    expect(out.trim().split('\n')).toEqual([
      'Warning: examples/check/manifests/seed.yaml:25 [Pod glusterfs] spec.volumes[0].glusterfs: deprecated in v1.25, non-functional in v1.26+ (target 1.25)',
      'examples/check/manifests/seed.yaml:100 [Pod some-pod] spec.volumes[0].flocker: Forbidden: in-tree flocker was removed in 1.25 (target 1.25); no CSI migration exists: move the datasets to a backend with a CSI driver',
      '7 object(s) checked at Kubernetes 1.25 (3 of kinds without storage rules): 1 error(s), 1 warning(s)',
    ]);
  });

  test('the seed chapter at 1.30: RBD and CephFS deprecated, GlusterFS and Flocker gone', () => {
    const { status, out } = cli(['check', '--target', '1.30', SEED]);
    expect(status).toBe(1);
    expect(out.trim().split('\n')).toEqual([
      'examples/check/manifests/seed.yaml:25 [Pod glusterfs] spec.volumes[0].glusterfs: Forbidden: in-tree glusterfs was removed in 1.26 (target 1.30); no CSI migration exists: ' +
      'move the data to a supported backend: the kadalu CSI driver (org.kadalu.gluster), Rook/Ceph, or the Gluster volume exported over NFS',
      'Warning: examples/check/manifests/seed.yaml:51 [Pod rbd2] spec.volumes[0].rbd: deprecated in v1.28, non-functional in v1.31+ (target 1.30)',
      'Warning: examples/check/manifests/seed.yaml:78 [Pod cephfs] spec.volumes[0].cephfs: deprecated in v1.28, non-functional in v1.31+ (target 1.30)',
      'examples/check/manifests/seed.yaml:100 [Pod some-pod] spec.volumes[0].flocker: Forbidden: in-tree flocker was removed in 1.25 (target 1.30); no CSI migration exists: move the datasets to a backend with a CSI driver',
      '7 object(s) checked at Kubernetes 1.30 (3 of kinds without storage rules): 2 error(s), 2 warning(s)',
    ]);
  });

  test.each(['1.31', '1.36'])('the seed chapter at %s: RBD and CephFS need ceph-csi, as JSON', (target) => {
    const { status, out } = cli(['check', '--target', target, '--format', 'json', SEED]);
    expect(status).toBe(1);
    const findings = JSON.parse(out);
    expect(findings.map((f: any) => [f.name, f.path, f.severity, f.replacement])).toEqual([
      ['glusterfs', 'spec.volumes[0].glusterfs', 'error', 'move the data to a supported backend: the kadalu CSI driver (org.kadalu.gluster), Rook/Ceph, or the Gluster volume exported over NFS'],
      ['rbd2', 'spec.volumes[0].rbd', 'error', 'rbd.csi.ceph.com'],
      ['cephfs', 'spec.volumes[0].cephfs', 'error', 'cephfs.csi.ceph.com'],
      ['some-pod', 'spec.volumes[0].flocker', 'error', 'move the datasets to a backend with a CSI driver'],
    ]);
    expect(findings[1]).toEqual({
      file: 'examples/check/manifests/seed.yaml',
      line: 51,
      kind: 'Pod',
      name: 'rbd2',
      path: 'spec.volumes[0].rbd',
      severity: 'error',
      replacement: 'rbd.csi.ceph.com',
      message: `Forbidden: in-tree rbd was removed in 1.31 (target ${target}); the CSI driver rbd.csi.ceph.com serves it: a PersistentVolume with spec.csi and a claim`,
    });
  });

  test('Pod templates of every workload kind, PersistentVolumes and in-tree provisioners, a directory read recursively', () => {
    const { status, out } = cli(['check', '--target', '1.26', MANIFESTS]);
    expect(status).toBe(1);
    const lines = out.trim().split('\n');
    expect(lines).toEqual([
      // Azure File's in-tree source is translated to file.csi.azure.com (CSI migration), which the nodes need
      'Warning: examples/check/manifests/apps.yaml:3 [Deployment shop/web] spec.template.spec.volumes[0].azureFile: ' +
      'deprecated in v1.21; only CSI migration serves it from v1.26 (target 1.26): install the CSI driver file.csi.azure.com',
      'Warning: examples/check/manifests/apps.yaml:51 [CronJob shop/backup] spec.jobTemplate.spec.template.spec.volumes[0].flexVolume: ' +
      'deprecated in v1.23, move to a CSI driver for the same storage (target 1.26)',
      'examples/check/manifests/seed.yaml:25 [Pod glusterfs] spec.volumes[0].glusterfs: Forbidden: in-tree glusterfs was removed in 1.26 (target 1.26); no CSI migration exists: ' +
      'move the data to a supported backend: the kadalu CSI driver (org.kadalu.gluster), Rook/Ceph, or the Gluster volume exported over NFS',
      'examples/check/manifests/seed.yaml:100 [Pod some-pod] spec.volumes[0].flocker: Forbidden: in-tree flocker was removed in 1.25 (target 1.26); no CSI migration exists: ' +
      'move the datasets to a backend with a CSI driver',
      '11 object(s) checked at Kubernetes 1.26 (3 of kinds without storage rules): 2 error(s), 2 warning(s)',
    ]);
  });

  test('stdin, a List, and no findings: exit 0', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: { name: p }\n    spec:\n      containers: [{ name: c, image: x }]\n      volumes: [{ name: v, emptyDir: {} }]\n';
    expect(cli(['check', '-'], list)).toEqual({ status: 0, err: '', out: '1 object(s) checked at Kubernetes 1.37 (0 of kinds without storage rules): 0 error(s), 0 warning(s)\n' });
  });

  test('invalid YAML, an object without kind, an unreadable path: reported with file and line, the other inputs still checked, exit 2', () => {
    const { status, out } = cli(['check', '--target', '1.31', '-', 'no/such/file.yaml', APPS], 'kind: Pod\nmetadata: [unclosed\n---\nfoo: bar\n');
    expect(status).toBe(2);
    const lines = out.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'no/such/file.yaml: cannot be read: ENOENT',
      expect.stringMatching(/^<stdin>:\d+: invalid YAML: /),
      '<stdin>:4: not a Kubernetes object: it needs apiVersion and kind',
    ]);
    expect(lines).toContain('examples/check/manifests/apps.yaml:42 [StorageClass fast-rbd] provisioner: Forbidden: in-tree rbd was removed in 1.31 (target 1.31); ' +
      'the CSI driver rbd.csi.ceph.com serves it: a StorageClass with provisioner rbd.csi.ceph.com');
    expect(lines[lines.length - 1]).toEqual('5 object(s) checked at Kubernetes 1.31 (0 of kinds without storage rules): 1 error(s), 2 warning(s), 3 input problem(s)');
  });

  test('usage errors: exit 2 with the reason', () => {
    expect(cli([])).toMatchObject({ status: 2, err: expect.stringContaining('usage: cdk8s-storage check') });
    expect(cli(['check', '--target', '1.99', SEED])).toMatchObject({ status: 2, err: expect.stringContaining('--target: Unsupported value: "1.99": supported values: "1.24"') });
    expect(cli(['check', '--format', 'xml', SEED])).toMatchObject({ status: 2, err: '--format: Unsupported value: "xml": supported values: "text", "json"\n' });
    expect(cli(['check'])).toMatchObject({ status: 2, err: expect.stringContaining('no PATH given') });
  });
});

describe('cdk8s-storage check: the constructs\' app-wide checks and field rules on the input\'s objects', () => {
  const objects = [
    'apiVersion: v1\nkind: PersistentVolume\nmetadata: { name: pv-small }\nspec:\n  capacity: { storage: 5Gi }\n  accessModes: [ReadWriteOnce]\n  storageClassName: ""\n  nfs: { server: 10.0.0.1, path: /x }',
    'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: data, namespace: shop }\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: ""\n  volumeName: pv-small\n  resources: { requests: { storage: 10G } }',
    'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: Bad_Name, namespace: shop }\nspec:\n  accessModes: [ReadWriteSometimes]\n  resources: { requests: { storage: lots } }',
    'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: shared, namespace: shop }\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: fast\n  resources: { requests: { storage: 1Gi } }',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers: [{ name: web, image: nginx }]\n      volumes: [{ name: d, persistentVolumeClaim: { claimName: shared } }]',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: one, namespace: shop }\nspec:\n  template:\n    spec:\n      containers: [{ name: web, image: nginx }]\n      volumes: [{ name: d, persistentVolumeClaim: { claimName: data } }]',
    'apiVersion: batch/v1\nkind: Job\nmetadata: { name: other-namespace, namespace: ops }\nspec:\n  template:\n    spec:\n      containers: [{ name: c, image: busybox }]\n      volumes: [{ name: d, persistentVolumeClaim: { claimName: shared } }]',
  ].join('\n---\n');

  test('a claim that never binds the volume it names, the API server\'s claim rules, a shared ReadWriteOnce claim, a surging rollout', () => {
    const { status, out } = cli(['check', '--target', '1.31', '-'], objects);
    expect(status).toBe(1);
    expect(out.trim().split('\n')).toEqual([
      // 10G = 9765625Ki: the binding check prints sizes in the largest binary unit that keeps them whole
      '<stdin>:10 [PersistentVolumeClaim shop/data] spec.resources.requests[storage]: Invalid value: "9765625Ki": ' +
      'never binds PersistentVolume "pv-small" (<stdin>:1), whose capacity is "5Gi" (requested PV is too small)',
      '<stdin>:19 [PersistentVolumeClaim shop/Bad_Name] spec.resources.requests[storage]: Invalid value: "lots": ' +
      'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      '<stdin>:19 [PersistentVolumeClaim shop/Bad_Name] metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, ' +
      '\'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
      '<stdin>:19 [PersistentVolumeClaim shop/Bad_Name] spec.accessModes[0]: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      'Warning: <stdin>:34 [Deployment shop/web] spec.template.spec.volumes[0].persistentVolumeClaim.claimName: claim "shop/shared" is ReadWriteOnce, and 3 Pods mount it ' +
      '(Deployment "web" (<stdin>:34), 3 replicas): they all must run on one node, or those on another fail to start with a Multi-Attach error; ' +
      'use a ReadOnlyMany or ReadWriteMany volume, one replica, or pod affinity that keeps them together',
      // one replica (the API's default), RollingUpdate with maxSurge 25% (the API's default)
      'Warning: <stdin>:44 [Deployment shop/one] spec.strategy.type: RollingUpdate starts the new Pod before the old one stops, and claim "shop/data" is ReadWriteOnce: ' +
      'on another node the new Pod waits for the volume with a Multi-Attach error, and the rollout stalls; use strategy: DeploymentStrategy.recreate(), or rollingUpdate with maxSurge 0',
      '7 object(s) checked at Kubernetes 1.31 (0 of kinds without storage rules): 4 error(s), 2 warning(s)',
    ]);
  });

  test('a volume reserved for a claim that names another, and ReadWriteOncePod before 1.27, as JSON', () => {
    const input = [
      'apiVersion: v1\nkind: PersistentVolume\nmetadata: { name: a }\nspec:\n  capacity: { storage: 1Gi }\n  accessModes: [ReadWriteOncePod]\n  claimRef: { name: c, namespace: ns }\n  hostPath: { path: /a }',
      'apiVersion: v1\nkind: PersistentVolume\nmetadata: { name: b }\nspec:\n  capacity: { storage: 1Gi }\n  accessModes: [ReadWriteOnce]\n  hostPath: { path: /b }',
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: c, namespace: ns }\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: ""\n  volumeName: b\n  resources: { requests: { storage: 1Gi } }',
    ].join('\n---\n');
    const { status, out } = cli(['check', '--target', '1.26', '--format', 'json', '-'], input);
    expect(status).toBe(1);
    expect(JSON.parse(out)).toEqual([
      {
        file: '<stdin>',
        line: 1,
        kind: 'PersistentVolume',
        name: 'a',
        path: 'spec.accessModes[0]',
        severity: 'error',
        message: 'Unsupported value: "ReadWriteOncePod": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce"; ' +
          'ReadWriteOncePod is served from 1.27 (target 1.26): its feature gate is off before',
      },
      {
        file: '<stdin>',
        line: 1,
        kind: 'PersistentVolume',
        name: 'a',
        path: 'spec.claimRef',
        severity: 'error',
        message: 'Invalid value: "ns/c": never binds: the claim names PersistentVolume "b" instead, and a claim that names a volume binds only that one',
      },
    ]);
  });
});

describe('cdk8s-storage check: the backends\' source rules on the input\'s in-tree sources (the constructs\' own)', () => {
  /** A Pod of one volume and a PersistentVolume of the same source, as YAML documents. */
  const podAndVolume = (name: string, source: string) => [
    `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name}, namespace: shop }\nspec:\n  containers: [{ name: c, image: busybox }]\n` +
    `  volumes:\n  - { name: cache, emptyDir: {} }\n  - { name: data, ${source} }`,
    `apiVersion: v1\nkind: PersistentVolume\nmetadata: { name: ${name} }\nspec:\n  capacity: { storage: 1Gi }\n  accessModes: [ReadWriteOnce]\n  ${source}`,
  ];
  const lines = (target: string, docs: string[]) => {
    const { status, out } = cli(['check', '--target', target, '-'], docs.join('\n---\n'));
    return { status, lines: out.trim().split('\n') };
  };

  test('iSCSI and FlexVolume at 1.31: a portal, a LUN, an IQN, a driver name and a reserved option key', () => {
    const { status, lines: out } = lines('1.31', [
      ...podAndVolume('san', 'iscsi: { targetPortal: "x:99999", lun: 300, iqn: bad }'),
      ...podAndVolume('flex', 'flexVolume: { driver: "bad driver!", options: { kubernetes.io/x: y } }'),
    ]);
    expect(status).toBe(1);
    const portal = 'Invalid value: "x:99999": port must be between 1 and 65535, inclusive (must be "host" or "host:port" with host an IP address or DNS name and port 1-65535; ' +
      'an IPv6 address needs brackets and a port, e.g. "[fd00::1]:3260")';
    const driver = 'Invalid value: "bad driver!": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character ' +
      '(e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\'): the kubelet loads a flexVolume driver ' +
      'only under a qualified name, "<driver>" or "<vendor>/<driver>" (e.g. "coreos.com/torus"), installed as the executable <driver> in the directory <vendor>~<driver> ' +
      'of its volume-plugin directory (default /usr/libexec/kubernetes/kubelet-plugins/volume/exec/)';
    const deprecated = 'deprecated in v1.23, move to a CSI driver for the same storage (target 1.31)';
    expect(out).toEqual([
      '<stdin>:1 [Pod shop/san] spec.volumes[1].iscsi.lun: Invalid value: 300: must be between 0 and 255, inclusive',
      `<stdin>:1 [Pod shop/san] spec.volumes[1].iscsi.targetPortal: ${portal}`,
      '<stdin>:1 [Pod shop/san] spec.volumes[1].iscsi.iqn: Invalid value: "bad": must be valid format starting with iqn, eui, or naa ' +
      '(e.g. "iqn.2001-04.com.example:storage.disk1", "eui." + 16 hex digits, "naa." + 32 hex digits)',
      '<stdin>:10 [PersistentVolume san] spec.iscsi.lun: Invalid value: 300: must be between 0 and 255, inclusive',
      `<stdin>:10 [PersistentVolume san] spec.iscsi.targetPortal: ${portal}`,
      '<stdin>:10 [PersistentVolume san] spec.iscsi.iqn: Invalid value: "bad": must be valid format ' +
      '(e.g. "iqn.2001-04.com.example:storage.disk1", "eui." + 16 hex digits, "naa." + 32 hex digits)',
      `Warning: <stdin>:18 [Pod shop/flex] spec.volumes[1].flexVolume: ${deprecated}`,
      `<stdin>:18 [Pod shop/flex] spec.volumes[1].flexVolume.driver: ${driver}`,
      '<stdin>:18 [Pod shop/flex] spec.volumes[1].flexVolume.options[kubernetes.io/x]: Invalid value: "kubernetes.io/x": kubernetes.io and k8s.io namespaces are reserved',
      `Warning: <stdin>:27 [PersistentVolume flex] spec.flexVolume: ${deprecated}`,
      `<stdin>:27 [PersistentVolume flex] spec.flexVolume.driver: ${driver}`,
      '<stdin>:27 [PersistentVolume flex] spec.flexVolume.options[kubernetes.io/x]: Invalid value: "kubernetes.io/x": kubernetes.io and k8s.io namespaces are reserved',
      '4 object(s) checked at Kubernetes 1.31 (0 of kinds without storage rules): 10 error(s), 2 warning(s)',
    ]);
  });

  test('Ceph RBD and CephFS at 1.30: no monitors, a monitor\'s port, a Secret\'s name', () => {
    const { status, lines: out } = lines('1.30', [
      ...podAndVolume('img', 'rbd: { image: foo, secretRef: { name: Bad_Secret } }'),
      ...podAndVolume('fs', 'cephfs: { monitors: ["10.16.154.78:99999"], path: /volumes/a }'),
    ]);
    expect(status).toBe(1);
    const deprecated = (f: string) => `${f}: deprecated in v1.28, non-functional in v1.31+ (target 1.30)`;
    const secret = 'Invalid value: "Bad_Secret": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end ' +
      'with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
    const port = 'Invalid value: "10.16.154.78:99999": port must be between 1 and 65535, inclusive (must be "host" or "host:port" with host an IP address or DNS name ' +
      'and port 1-65535; an IPv6 address needs brackets and a port, e.g. "[fd00::1]:6789")';
    expect(out).toEqual([
      `Warning: <stdin>:1 [Pod shop/img] ${deprecated('spec.volumes[1].rbd')}`,
      '<stdin>:1 [Pod shop/img] spec.volumes[1].rbd.monitors: Required value: list at least one monitor as "host" or "host:port"',
      `<stdin>:1 [Pod shop/img] spec.volumes[1].rbd.secretRef.name: ${secret}`,
      `Warning: <stdin>:10 [PersistentVolume img] ${deprecated('spec.rbd')}`,
      '<stdin>:10 [PersistentVolume img] spec.rbd.monitors: Required value: list at least one monitor as "host" or "host:port"',
      `<stdin>:10 [PersistentVolume img] spec.rbd.secretRef.name: ${secret}`,
      `Warning: <stdin>:18 [Pod shop/fs] ${deprecated('spec.volumes[1].cephfs')}`,
      `<stdin>:18 [Pod shop/fs] spec.volumes[1].cephfs.monitors[0]: ${port}`,
      `Warning: <stdin>:27 [PersistentVolume fs] ${deprecated('spec.cephfs')}`,
      `<stdin>:27 [PersistentVolume fs] spec.cephfs.monitors[0]: ${port}`,
      '4 object(s) checked at Kubernetes 1.30 (0 of kinds without storage rules): 6 error(s), 4 warning(s)',
    ]);
  });

  test('GlusterFS and Azure File at 1.25: no endpoints, a share name', () => {
    const { status, lines: out } = lines('1.25', [
      ...podAndVolume('bricks', 'glusterfs: { path: kube_vol }'),
      ...podAndVolume('share', 'azureFile: { secretName: azure-secret, shareName: Bad_Share }'),
    ]);
    expect(status).toBe(1);
    const gluster = (f: string) => `${f}: deprecated in v1.25, non-functional in v1.26+ (target 1.25)`;
    const azure = (f: string) => `${f}: deprecated in v1.21, served only by the CSI driver file.csi.azure.com from v1.26 (target 1.25)`;
    const share = 'Invalid value: "Bad_Share": an Azure file share name must be 3 to 63 characters of lower case letters, digits and single \'-\', starting and ending ' +
      'with a letter or digit (e.g. \'azure-share\', regex used for validation is \'[a-z0-9]+(-[a-z0-9]+)*\')';
    expect(out).toEqual([
      `Warning: <stdin>:1 [Pod shop/bricks] ${gluster('spec.volumes[1].glusterfs')}`,
      '<stdin>:1 [Pod shop/bricks] spec.volumes[1].glusterfs.endpoints: Required value: give the GlusterCluster whose Endpoints the volume names (cluster)',
      `Warning: <stdin>:10 [PersistentVolume bricks] ${gluster('spec.glusterfs')}`,
      '<stdin>:10 [PersistentVolume bricks] spec.glusterfs.endpoints: Required value: give the GlusterCluster whose Endpoints the volume names (cluster)',
      `Warning: <stdin>:18 [Pod shop/share] ${azure('spec.volumes[1].azureFile')}`,
      `<stdin>:18 [Pod shop/share] spec.volumes[1].azureFile.shareName: ${share}`,
      `Warning: <stdin>:27 [PersistentVolume share] ${azure('spec.azureFile')}`,
      `<stdin>:27 [PersistentVolume share] spec.azureFile.shareName: ${share}`,
      '4 object(s) checked at Kubernetes 1.25 (0 of kinds without storage rules): 4 error(s), 4 warning(s)',
    ]);
  });

  test('Flocker at 1.24: both dataset fields; at 1.25 the version finding once, and the field still refused', () => {
    const docs = podAndVolume('datasets', 'flocker: { datasetName: a, datasetUUID: 1f5cf4ae-3b8e-4f1a-9c2d-0a1b2c3d4e5f }');
    const both = 'Invalid value: "resource": datasetName and datasetUUID can not be specified simultaneously';
    expect(lines('1.24', docs)).toEqual({
      status: 1,
      lines: [
        'Warning: <stdin>:1 [Pod shop/datasets] spec.volumes[1].flocker: deprecated in v1.22, non-functional in v1.25+ (target 1.24)',
        `<stdin>:1 [Pod shop/datasets] spec.volumes[1].flocker: ${both}`,
        'Warning: <stdin>:10 [PersistentVolume datasets] spec.flocker: deprecated in v1.22, non-functional in v1.25+ (target 1.24)',
        `<stdin>:10 [PersistentVolume datasets] spec.flocker: ${both}`,
        '2 object(s) checked at Kubernetes 1.24 (0 of kinds without storage rules): 2 error(s), 2 warning(s)',
      ],
    });
    const removed = 'Forbidden: in-tree flocker was removed in 1.25 (target 1.25); no CSI migration exists: move the datasets to a backend with a CSI driver';
    expect(lines('1.25', docs).lines).toEqual([
      `<stdin>:1 [Pod shop/datasets] spec.volumes[1].flocker: ${removed}`,
      `<stdin>:1 [Pod shop/datasets] spec.volumes[1].flocker: ${both}`,
      `<stdin>:10 [PersistentVolume datasets] spec.flocker: ${removed}`,
      `<stdin>:10 [PersistentVolume datasets] spec.flocker: ${both}`,
      '2 object(s) checked at Kubernetes 1.25 (0 of kinds without storage rules): 4 error(s), 0 warning(s)',
    ]);
  });

  test('fields of the wrong JSON type, as given, in a Deployment\'s Pod template; a wrongly typed list is not also Required; a Secret reference without a name', () => {
    const input = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  template:\n    spec:\n' +
      '      containers: [{ name: c, image: busybox }]\n      volumes:\n' +
      '      - { name: san, iscsi: { targetPortal: 10.0.0.5, iqn: "iqn.2001-04.com.example:d", lun: "3", readOnly: "yes" } }\n' +
      '      - { name: img, rbd: { monitors: "10.16.154.78:6789", image: foo, secretRef: {} } }\n' +
      '      - { name: share, azureFile: { secretName: 5, shareName: azure-share } }';
    expect(lines('1.30', [input]).lines).toEqual([
      'Warning: <stdin>:1 [Deployment shop/web] spec.template.spec.volumes[1].rbd: deprecated in v1.28, non-functional in v1.31+ (target 1.30)',
      'Warning: <stdin>:1 [Deployment shop/web] spec.template.spec.volumes[2].azureFile: deprecated in v1.21; only CSI migration serves it from v1.26 (target 1.30): ' +
      'install the CSI driver file.csi.azure.com',
      '<stdin>:1 [Deployment shop/web] spec.template.spec.volumes[0].iscsi.lun: Invalid value: "3": must be a whole number between 0 and 255 (got a string)',
      '<stdin>:1 [Deployment shop/web] spec.template.spec.volumes[0].iscsi.readOnly: Invalid value: "yes": must be true or false (got a string)',
      '<stdin>:1 [Deployment shop/web] spec.template.spec.volumes[1].rbd.monitors: Invalid value: "10.16.154.78:6789": must be a list of monitors, such as ["10.16.154.78:6789"] (got a string)',
      '<stdin>:1 [Deployment shop/web] spec.template.spec.volumes[1].rbd.secretRef.name: Required value',
      '<stdin>:1 [Deployment shop/web] spec.template.spec.volumes[2].azureFile.secretName: Invalid value: 5: ' +
      'must be a Secret: a cdk8s-plus-27 Secret of this app, or kplus.Secret.fromSecretName(scope, id, name) (got a number)',
      '1 object(s) checked at Kubernetes 1.30 (0 of kinds without storage rules): 5 error(s), 2 warning(s)',
    ]);
  });

  test('a Pod volume\'s name as the iSCSI initiator-name rule reads it; a name that is none is not judged here', () => {
    const iscsi = 'iscsi: { targetPortal: "portal.storage.example.com:3260", iqn: "iqn.2001-04.com.example:d", initiatorName: "iqn.2001-04.com.example:node1" }';
    const input = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop }\nspec:\n  containers: [{ name: c, image: busybox }]\n  volumes:\n' +
      `  - { name: a-volume-name-long-enough-to-pass-the-limit, ${iscsi} }\n  - { name: Not_A_Label, ${iscsi} }\n  - { ${iscsi} }`;
    expect(lines('1.31', [input]).lines).toEqual([
      '<stdin>:1 [Pod shop/p] spec.volumes[0].name: Invalid value: "a-volume-name-long-enough-to-pass-the-limit": ' +
      'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.',
      '1 object(s) checked at Kubernetes 1.31 (0 of kinds without storage rules): 1 error(s), 0 warning(s)',
    ]);
  });

  test('well-formed sources of every backend give only the version findings', () => {
    const docs = [
      ...podAndVolume('san', 'iscsi: { targetPortal: "10.0.2.34:3260", iqn: "iqn.2001-04.com.example:storage.kube.sys1.xyz", lun: 0, fsType: ext4, ' +
        'chapAuthSession: true, secretRef: { name: chap } }'),
      ...podAndVolume('img', 'rbd: { monitors: ["10.16.154.78:6789"], image: foo, pool: kube, user: admin, secretRef: { name: ceph-secret } }'),
      ...podAndVolume('fs', 'cephfs: { monitors: ["10.16.154.78:6789"], path: /, user: admin, secretFile: /etc/ceph/admin.secret }'),
      ...podAndVolume('bricks', 'glusterfs: { endpoints: glusterfs-cluster, path: kube_vol, readOnly: true }'),
      ...podAndVolume('share', 'azureFile: { secretName: azure-secret, shareName: azure-share }'),
      ...podAndVolume('datasets', 'flocker: { datasetName: my-flocker-vol }'),
      ...podAndVolume('flex', 'flexVolume: { driver: coreos.com/torus, fsType: ext4, options: { volume: data }, secretRef: { name: torus } }'),
    ];
    const { status, lines: out } = lines('1.24', docs);
    expect(status).toBe(0);
    // at 1.24 Azure File, Flocker and FlexVolume are deprecated (a Pod and a PersistentVolume each); nothing about the Endpoints, Secrets and claims the constructs would make
    expect(out.filter((l) => !/^Warning: <stdin>:\d+ \[[^\]]+\] spec(\.volumes\[1\])?\.(azureFile|flocker|flexVolume): deprecated in v1\.\d+/.test(l))).toEqual([
      '14 object(s) checked at Kubernetes 1.24 (0 of kinds without storage rules): 0 error(s), 6 warning(s)',
    ]);
  });
});
