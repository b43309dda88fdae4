import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { KubernetesVersion } from '../src';
import { expectSchemaValid } from './helpers';
import { run } from '../src/cli/main';
import { migrate } from '../src/cli/migrate';

const ROOT = path.join(__dirname, '..');
const SEED = path.join('examples', 'check', 'manifests', 'seed.yaml');
const V1_31 = KubernetesVersion.V1_31;

/** Runs `cdk8s-storage migrate <args> --out <tmp>` from the repository; the written files by path under the out folder. */
function cli(args: string[], stdin = ''): { status: number; lines: string[]; written: Record<string, any[]> } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-'));
  const cwd = process.cwd();
  let text = '';
  process.chdir(ROOT);
  try {
    const status = run(['migrate', ...args, '--out', out], (s) => { text += `${s}\n`; }, (s) => { text += `${s}\n`; }, () => stdin);
    const written: Record<string, any[]> = {};
    const walk = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).forEach((d) => {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else written[path.relative(out, p)] = YAML.parseAllDocuments(fs.readFileSync(p, 'utf8')).map((doc) => doc.toJS());
    });
    walk(out);
    return { status, lines: text.split(out).join('OUT').trim().split('\n'), written };
  } finally {
    process.chdir(cwd);
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const MONITORS = ['10.16.154.78:6789', '10.16.154.82:6789', '10.16.154.83:6789'];

describe('cdk8s-storage migrate: the constructs\' objects for in-tree volumes the target removed', () => {
  test('the seed chapter at 1.31: the rbd and cephfs Pods get ceph-csi volumes and claims; GlusterFS and Flocker are refused with the reason', () => {
    const { status, lines, written } = cli(['--target', '1.31', '--cluster-id', 'prod', '--size', '10Gi', SEED]);
    expect(status).toBe(1);
    expect(lines).toEqual([
      `${SEED}:25 [Pod glusterfs] spec.volumes[0].glusterfs: Forbidden: not migrated: no CSI driver reads the data where it is, so it has to move to another backend first; ` +
      'in-tree glusterfs was removed in 1.26 (target 1.31); no CSI migration exists: move the data to a supported backend: the kadalu CSI driver (org.kadalu.gluster), Rook/Ceph, or the Gluster volume exported over NFS',
      `Warning: ${SEED}:51 [Pod rbd2] metadata.namespace: not set: the claims and Secret references of the migrated volumes are written for namespace "default"`,
      `Warning: ${SEED}:51 [Pod rbd2] spec.volumes[0].rbd.keyring: the in-tree volume reads the key of Ceph user "admin" from /etc/ceph/keyring on each node, and rbd.csi.ceph.com reads it from a Secret only: ` +
      'the migrated volume refers to Secret "default/ceph-admin-csi", which you create with userID "admin" and userKey, the user\'s cephx key',
      `Warning: ${SEED}:78 [Pod cephfs] metadata.namespace: not set: the claims and Secret references of the migrated volumes are written for namespace "default"`,
      `Warning: ${SEED}:78 [Pod cephfs] spec.volumes[0].cephfs.secretFile: the in-tree volume reads the key of Ceph user "admin" from /etc/ceph/admin.secret on each node, and cephfs.csi.ceph.com reads it from a Secret only: ` +
      'the migrated volume refers to Secret "default/ceph-admin-csi", which you create with userID "admin" and userKey, the user\'s cephx key',
      `${SEED}:100 [Pod some-pod] spec.volumes[0].flocker: Forbidden: not migrated: no CSI driver reads the data where it is, so it has to move to another backend first; ` +
      'in-tree flocker was removed in 1.25 (target 1.31); no CSI migration exists: move the datasets to a backend with a CSI driver',
      `wrote ${path.join('OUT', SEED)}`,
      '2 object(s) migrated to Kubernetes 1.31, 2 not migrated',
    ]);
    const docs = written[SEED];
    // every object of the file, in order: the untouched ones as they were (the Secret with its key too: migrate adds none)
    expect(docs.map((d) => `${d.kind} ${d.metadata.name}`)).toEqual([
      'Endpoints glusterfs-cluster', 'Service glusterfs-cluster', 'Pod glusterfs', 'Secret ceph-secret',
      'PersistentVolume rbd2-rbdpd-persistentvolume-c85e5b3f', 'PersistentVolumeClaim rbd2-rbdpd-persistentvolume-claim-c86cc1d5', 'Pod rbd2',
      'PersistentVolume cephfs-persistentvolume-c82ad190', 'PersistentVolumeClaim cephfs-persistentvolume-claim-c8b3a1a3', 'Pod cephfs',
      'Pod some-pod',
    ]);
    expect(docs.slice(4, 7)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'rbd2-rbdpd-persistentvolume-c85e5b3f' },
        spec: {
          accessModes: ['ReadOnlyMany'],
          capacity: { storage: '10Gi' },
          claimRef: { name: 'rbd2-rbdpd-persistentvolume-claim-c86cc1d5', namespace: 'default' },
          csi: {
            driver: 'rbd.csi.ceph.com',
            fsType: 'ext4',
            nodeStageSecretRef: { name: 'ceph-admin-csi', namespace: 'default' },
            readOnly: true,
            volumeAttributes: { clusterID: 'prod', imageFeatures: 'layering', pool: 'kube', staticVolume: 'true' },
            volumeHandle: 'foo',
          },
          persistentVolumeReclaimPolicy: 'Retain',
          volumeMode: 'Filesystem',
        },
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'rbd2-rbdpd-persistentvolume-claim-c86cc1d5', namespace: 'default' },
        spec: {
          accessModes: ['ReadOnlyMany'],
          resources: { requests: { storage: '10Gi' } },
          storageClassName: '',
          volumeMode: 'Filesystem',
          volumeName: 'rbd2-rbdpd-persistentvolume-c85e5b3f',
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'rbd2' },
        spec: {
          containers: [{ image: 'kubernetes/pause', name: 'rbd-rw', volumeMounts: [{ name: 'rbdpd', mountPath: '/mnt/rbd' }] }],
          volumes: [{ name: 'rbdpd', persistentVolumeClaim: { claimName: 'rbd2-rbdpd-persistentvolume-claim-c86cc1d5', readOnly: true } }],
        },
      },
    ]);
    expect(docs[7].spec.csi).toEqual({
      driver: 'cephfs.csi.ceph.com',
      nodeStageSecretRef: { name: 'ceph-admin-csi', namespace: 'default' },
      readOnly: true,
      volumeAttributes: { clusterID: 'prod', rootPath: '/', staticVolume: 'true' },
      volumeHandle: 'cephfs-persistentvolume-c82ad190',
    });
    // the objects migrate wrote, judged by the schema check and the referee's API server
    expectSchemaValid(docs.slice(4, 10), V1_31);
  });

  const PVS = [
    'apiVersion: v1\nkind: Secret\nmetadata: { name: ceph-csi-user, namespace: db }\ntype: Opaque\nstringData: { userID: kube, userKey: not-a-real-key }',
    'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: db-data\n  labels: { app: db }\nspec:\n  capacity: { storage: 20Gi }\n  accessModes: [ReadWriteOnce]\n' +
    '  persistentVolumeReclaimPolicy: Delete\n  storageClassName: ""\n  claimRef: { name: data, namespace: db }\n' +
    `  rbd:\n    monitors: ${JSON.stringify(MONITORS)}\n    image: db\n    pool: kube\n    user: kube\n    secretRef: { name: ceph-csi-user, namespace: db }\n    fsType: xfs`,
    'apiVersion: v1\nkind: PersistentVolume\nmetadata: { name: shared-docs }\nspec:\n  capacity: { storage: 5Gi }\n  accessModes: [ReadWriteMany]\n' +
    `  cephfs:\n    monitors: ${JSON.stringify(MONITORS)}\n    path: /docs\n    user: docs\n    secretRef: { name: ceph-secret, namespace: shared }`,
  ].join('\n---\n');

  test('in-tree PersistentVolumes keep their name, labels and claimRef (Delete becomes Retain); a Secret with userID/userKey is referred to as it is', () => {
    const result = migrate([{ file: 'pvs.yaml', text: PVS }], { target: V1_31, clusterId: 'prod' });
    expect(result.findings.map((f) => `${f.name} ${f.path}: ${f.message}`)).toEqual([
      'db-data spec.persistentVolumeReclaimPolicy: "Delete" becomes "Retain": rbd.csi.ceph.com deletes only the volumes it provisioned, and this one becomes a static volume; ' +
      'delete the image or subvolume yourself once the claim is gone',
      'shared-docs spec.cephfs.secretRef: cephfs.csi.ceph.com reads the Ceph user and key from the keys userID and userKey, and the in-tree Secret "shared/ceph-secret" ' +
      'holds the key under "key" (it is not in the input): the migrated volume refers to Secret "shared/ceph-secret-csi", which you create with userID "docs" and userKey, ' +
      'the key of Secret "ceph-secret" (kubectl create secret generic ceph-secret-csi -n shared --from-literal=userID=docs --from-literal=userKey=…)',
    ]);
    expect(result.migrated).toBe(2);
    const [secret, rbd, cephfs] = result.files[0].objects as any[];
    expect(secret.kind).toBe('Secret');
    expect(rbd).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'db-data', labels: { app: 'db' } },
      spec: {
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: '20Gi' },
        claimRef: { name: 'data', namespace: 'db' },
        csi: {
          driver: 'rbd.csi.ceph.com',
          fsType: 'xfs',
          nodeStageSecretRef: { name: 'ceph-csi-user', namespace: 'db' },
          volumeAttributes: { clusterID: 'prod', imageFeatures: 'layering', pool: 'kube', staticVolume: 'true' },
          volumeHandle: 'db',
        },
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        volumeMode: 'Filesystem',
      },
    });
    expect(cephfs.metadata).toEqual({ name: 'shared-docs' });
    expect(cephfs.spec.csi).toEqual({
      driver: 'cephfs.csi.ceph.com',
      nodeStageSecretRef: { name: 'ceph-secret-csi', namespace: 'shared' },
      volumeAttributes: { clusterID: 'prod', rootPath: '/docs', staticVolume: 'true' },
      volumeHandle: 'shared-docs',
    });
    expectSchemaValid([rbd, cephfs], V1_31);
  });

  test('without --cluster-id nothing Ceph is migrated; at 1.30 nothing is removed, so nothing is written; usage errors', () => {
    expect(cli(['--target', '1.31', '-'], PVS).lines).toEqual([
      '<stdin>:7 [PersistentVolume db-data] spec.rbd: Forbidden: not migrated: give --cluster-id, the cluster id ceph-csi\'s configuration knows this Ceph cluster by (clusterID)',
      '<stdin>:26 [PersistentVolume shared-docs] spec.cephfs: Forbidden: not migrated: give --cluster-id, the cluster id ceph-csi\'s configuration knows this Ceph cluster by (clusterID)',
      '0 object(s) migrated to Kubernetes 1.31, 2 not migrated',
    ]);
    expect(cli(['--target', '1.30', '--cluster-id', 'prod', '-'], PVS)).toEqual({ status: 0, lines: ['0 object(s) migrated to Kubernetes 1.30, 0 not migrated'], written: {} });
    expect(cli(['--cluster-id', 'prod', '-'], PVS)).toMatchObject({ status: 2, lines: expect.arrayContaining(['migrate needs --target and --out']) });
    expect(cli(['--target', '1.31', '--size', 'big', '-'], PVS)).toMatchObject({ status: 2, lines: ['--size: Invalid value: "big": a quantity, such as "10Gi"'] });
  });

  test('a Deployment in a namespace: its rbd volume replaced, the Secret it named referred to as it is (it has userID and userKey), every other field kept', () => {
    const input = [
      'apiVersion: v1\nkind: Secret\nmetadata: { name: ceph-user, namespace: db }\ntype: Opaque\ndata: { userID: a3ViZQ==, userKey: bm90LWEta2V5 }',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pg\n  namespace: db\n  labels: { app: pg }\nspec:\n  replicas: 1\n  strategy: { type: Recreate }\n' +
      '  selector: { matchLabels: { app: pg } }\n  template:\n    metadata: { labels: { app: pg } }\n    spec:\n' +
      '      containers: [{ name: pg, image: "postgres:16", volumeMounts: [{ name: data, mountPath: /var/lib/postgresql }, { name: tmp, mountPath: /tmp }] }]\n' +
      '      volumes:\n        - { name: tmp, emptyDir: {} }\n' +
      `        - { name: data, rbd: { monitors: ${JSON.stringify(MONITORS)}, image: pg, pool: kube, user: kube, secretRef: { name: ceph-user }, fsType: ext4 } }`,
    ].join('\n---\n');
    const result = migrate([{ file: 'pg.yaml', text: input }], { target: KubernetesVersion.V1_36, clusterId: 'prod', size: '50Gi' });
    expect(result.findings).toEqual([]);
    const [secret, pv, claim, deployment] = result.files[0].objects as any[];
    expect(secret.data).toEqual({ userID: 'a3ViZQ==', userKey: 'bm90LWEta2V5' }); // as it was: migrate writes no Secret
    expect(pv.spec.csi).toEqual({
      driver: 'rbd.csi.ceph.com',
      fsType: 'ext4',
      nodeStageSecretRef: { name: 'ceph-user', namespace: 'db' },
      volumeAttributes: { clusterID: 'prod', imageFeatures: 'layering', pool: 'kube', staticVolume: 'true' },
      volumeHandle: 'pg',
    });
    expect(pv.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(claim.metadata.namespace).toBe('db');
    expect(claim.spec.resources).toEqual({ requests: { storage: '50Gi' } });
    expect(deployment).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'pg', namespace: 'db', labels: { app: 'pg' } },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { app: 'pg' } },
        template: {
          metadata: { labels: { app: 'pg' } },
          spec: {
            containers: [{ name: 'pg', image: 'postgres:16', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }, { name: 'tmp', mountPath: '/tmp' }] }],
            volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'data', persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: false } }],
          },
        },
      },
    });
    expectSchemaValid([pv, claim, deployment], KubernetesVersion.V1_36);
  });
});
