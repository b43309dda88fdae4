import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  CephCluster, CephCredentials, CephRbdVolume, FsType, IscsiCredentials, IscsiPersistentVolume, KubernetesVersion, StorageClass,
} from '../../src';
import { captureWarnings, expectSchemaValid } from '../helpers';

/*
 * The other half of the property test: valid input always synthesizes (no rule is stricter than
 * Kubernetes), and what is written is what a YAML reader reads back — secret values in full
 * Unicode included (cdk8s's writer once turned U+2028 into null on the way back).
 */

const SEED = 7;
const RUNS = 60;

const dnsLabel = fc.stringMatching(/^[a-z][-a-z0-9]{0,10}[a-z0-9]$/);
// text YAML carries faithfully: no control characters, line separators or non-characters, no tabs
// (PyYAML, which the schema check uses, refuses tabs in plain scalars)
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]/;
const text = (minLength: number) => fc.fullUnicodeString({ minLength, maxLength: 24 }).filter((s) => !UNSAFE.test(s) && s.trim() === s && s !== '<<');
const secretText = text(1);
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(fc.integer({ min: 1, max: 223 }), octet, octet, fc.integer({ min: 1, max: 254 }))
  .map((p) => p.join('.'));
const version = fc.constantFrom(...KubernetesVersion.all());

interface Case {
  readonly version: KubernetesVersion;
  readonly namespace: string;
  readonly portal: string;
  readonly lun: number;
  readonly gib: number;
  readonly username: string;
  readonly password: string;
  readonly cephKey: string;
  readonly image: string;
  readonly provisioner: string;
  readonly parameter: string;
}

const validCase: fc.Arbitrary<Case> = fc.record({
  version,
  namespace: dnsLabel,
  portal: fc.tuple(ipv4, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined })).map(([ip, port]) => (port ? `${ip}:${port}` : ip)),
  lun: fc.integer({ min: 0, max: 255 }),
  gib: fc.integer({ min: 1, max: 4096 }),
  username: secretText,
  password: text(12), // long enough that finding it outside a Secret is no coincidence
  cephKey: secretText,
  image: dnsLabel,
  provisioner: fc.tuple(dnsLabel, dnsLabel).map(([a, b]) => `${a}.example.com/${b}`),
  parameter: secretText,
});

function synth(c: Case): { docs: any[]; warnings: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'valid-'));
  try {
    const app = new App({ outdir });
    c.version.applyTo(app);
    const chart = new Chart(app, 'valid', { namespace: c.namespace });
    new IscsiPersistentVolume(chart, 'Lun', {
      targetPortal: c.portal,
      iqn: 'iqn.2001-04.com.example:storage.disk1',
      lun: c.lun,
      fsType: FsType.XFS,
      storage: Size.gibibytes(c.gib),
      credentials: IscsiCredentials.fromChap({ session: { username: c.username, password: c.password } }),
    }).reserve();
    const ceph = new CephCluster(chart, 'Ceph', { monitors: [c.portal.split(':')[0]], clusterId: 'prod' });
    const data = new CephRbdVolume(chart, 'Data', {
      cluster: ceph,
      image: c.image,
      storage: Size.gibibytes(c.gib),
      credentials: CephCredentials.fromUserKey({ cluster: ceph, user: 'kube', key: c.cephKey }),
    });
    new kplus.Deployment(chart, 'App', { replicas: 1, strategy: kplus.DeploymentStrategy.recreate(), containers: [{ image: 'busybox:1.36' }] }).containers[0].mount('/data', data);
    new StorageClass(chart, 'Class', { provisioner: c.provisioner, parameters: { note: c.parameter } });
    const warnings = captureWarnings(() => app.synth());
    const docs = fs.readdirSync(outdir).flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8'), { version: '1.1' })
      .map((d) => d.toJSON()));
    return { docs, warnings };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

test('valid input always synthesizes, and secret values and parameters read back unchanged', () => {
  const byVersion = new Map<KubernetesVersion, any[]>();
  fc.assert(fc.property(validCase, (c) => {
    const { docs, warnings } = synth(c); // throws (and fails the property) on any validation error
    for (const w of warnings) expect(w).toMatch(/deprecated in v1\.28/); // only rbd's own deprecation warning
    const secrets = docs.filter((d) => d.kind === 'Secret');
    expect(secrets.map((s) => s.stringData)).toEqual(expect.arrayContaining([
      { 'node.session.auth.username': c.username, 'node.session.auth.password': c.password },
    ]));
    expect(secrets.some((s) => s.stringData.key === c.cephKey || s.stringData.userKey === c.cephKey)).toBe(true);
    expect(docs.find((d) => d.kind === 'StorageClass').parameters).toEqual({ note: c.parameter });
    for (const d of docs.filter((x) => x.kind !== 'Secret')) {
      expect(JSON.stringify(d)).not.toContain(JSON.stringify(c.password).slice(1, -1));
    }
    byVersion.set(c.version, [...byVersion.get(c.version) ?? [], ...docs]);
  }), { seed: SEED, numRuns: RUNS });
  for (const [v, docs] of byVersion) expectSchemaValid(docs, v);
});
