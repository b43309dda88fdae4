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
