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
