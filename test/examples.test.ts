import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { IscsiChart } from '../examples/iscsi/main';
import { KubernetesVersion } from '../src';
import { expectSchemaValid, kinds, only } from './helpers';

const EXAMPLES = path.join(__dirname, '..', 'examples');

type ChartClass = new (scope: Construct, id: string) => Chart;

/** Every example app, by folder. A folder missing here fails the first test. */
const CHARTS: Record<string, ChartClass> = {
  iscsi: IscsiChart,
};

/** The target version an example's cdk8s.yaml sets in its context (as `cdk8s synth` would read it). */
function exampleTarget(name: string): KubernetesVersion {
  const [config] = Yaml.load(path.join(EXAMPLES, name, 'cdk8s.yaml'));
  const v = config?.context?.[KubernetesVersion.CONTEXT_KEY];
  return v === undefined ? KubernetesVersion.DEFAULT : KubernetesVersion.of(String(v));
}

function synthExample(name: string): { docs: any[]; target: KubernetesVersion } {
  const app = Testing.app();
  const target = exampleTarget(name);
  target.applyTo(app);
  const chart = new CHARTS[name](app, name);
  return { docs: Testing.synth(chart), target };
}

test('every example folder is a cdk8s app listed here', () => {
  const folders = fs.readdirSync(EXAMPLES).filter((f) => fs.statSync(path.join(EXAMPLES, f)).isDirectory()).sort();
  expect(folders).toEqual(Object.keys(CHARTS).sort());
  for (const f of folders) {
    expect(fs.existsSync(path.join(EXAMPLES, f, 'cdk8s.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(EXAMPLES, f, 'main.ts'))).toBe(true);
  }
});

test.each(Object.keys(CHARTS))('example %s synthesizes schema-valid manifests at its target version', (name) => {
  const { docs, target } = synthExample(name);
  expect(docs.length).toBeGreaterThan(0);
  expectSchemaValid(docs, target);
});

test('iscsi: the seed\'s volume in a Deployment, and the same LUN as a PersistentVolume with a bound claim', () => {
  const { docs, target } = synthExample('iscsi');
  expect(target).toBe(KubernetesVersion.V1_31);
  expect(kinds(docs)).toEqual(['Deployment', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment']);
  const seed = { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz', lun: 0, fsType: 'ext4', readOnly: true };
  const [web, reports] = docs.filter((d) => d.kind === 'Deployment');
  expect(web.spec.template.spec.volumes).toEqual([{ name: 'iscsi-volume', iscsi: seed }]);
  const pv = only(docs, 'PersistentVolume');
  const claim = only(docs, 'PersistentVolumeClaim');
  expect(pv.metadata).toEqual({ name: 'san-lun0' });
  expect(pv.spec).toEqual({
    accessModes: ['ReadOnlyMany'],
    capacity: { storage: '100Gi' },
    claimRef: { name: claim.metadata.name, namespace: 'storage' },
    iscsi: seed,
    persistentVolumeReclaimPolicy: 'Retain',
    volumeMode: 'Filesystem',
  });
  expect(claim.metadata.namespace).toEqual('storage');
  expect(claim.spec).toEqual({
    accessModes: ['ReadOnlyMany'],
    resources: { requests: { storage: '100Gi' } },
    storageClassName: '',
    volumeMode: 'Filesystem',
    volumeName: 'san-lun0',
  });
  expect(reports.spec.template.spec.volumes).toEqual([
    { name: `pvc-${claim.metadata.name}`, persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: true } },
  ]);
});
