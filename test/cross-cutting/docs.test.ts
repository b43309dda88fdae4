import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderReadme } from '../../scripts/update-readme';

const ROOT = path.join(__dirname, '..', '..');

test('README.md\'s generated sections are current (run "npx projen readme")', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toEqual(renderReadme(readme));
});

test('API.md is what jsii-docgen writes for the compiled assembly (run "npx projen compile && npx projen docgen")', () => {
  const jsii = path.join(ROOT, '.jsii');
  if (!fs.existsSync(jsii)) throw new Error('.jsii is missing: run "npx projen compile" first');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docgen-')), 'API.md');
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'jsii-docgen'), ['-o', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`jsii-docgen failed: ${r.stderr}`);
  expect(fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8')).toEqual(fs.readFileSync(out, 'utf8'));
});

describe('the jsii assembly', () => {
  const assembly = () => {
    const file = path.join(ROOT, '.jsii');
    if (!fs.existsSync(file)) throw new Error('.jsii is missing: run "npx projen compile" first');
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  };

  test('every public type, property and method has a summary; every optional struct property a @default', () => {
    const problems: string[] = [];
    for (const [fqn, type] of Object.entries<any>(assembly().types)) {
      if (!type.docs?.summary) problems.push(`${fqn}: no summary`);
      for (const p of type.properties ?? []) {
        if (!p.docs?.summary) problems.push(`${fqn}.${p.name}: no summary`);
        if (type.datatype && p.optional && p.docs?.default === undefined) problems.push(`${fqn}.${p.name}: optional without @default`);
      }
      for (const m of type.methods ?? []) {
        if (!m.docs?.summary) problems.push(`${fqn}.${m.name}(): no summary`);
      }
      for (const m of type.members ?? []) {
        if (!m.docs?.summary) problems.push(`${fqn}.${m.name}: no summary`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('every property of a backend props/options struct has a @see to the Kubernetes or driver docs', () => {
    const backend = /^(Iscsi|Chap|Ceph|AzureFile|Gluster|Heketi|Flocker|Flex|Torus)/;
    const problems: string[] = [];
    let checked = 0;
    for (const [fqn, type] of Object.entries<any>(assembly().types)) {
      if (!type.datatype || !backend.test(type.name)) continue;
      for (const p of type.properties ?? []) {
        checked++;
        if (!p.docs?.see) problems.push(`${fqn}.${p.name}: no @see`);
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test('exports what users need (nothing vanished behind a stray @internal)', () => {
    const names = Object.keys(assembly().types).map((t) => t.split('.').pop());
    for (const name of ['KubernetesVersion', 'VolumeImplementation', 'FsType', 'StorageClass', 'VolumeClaim', 'StoragePersistentVolume',
      'IscsiVolume', 'IscsiPersistentVolume', 'IscsiCredentials', 'VolumeBindingMode']) {
      expect(names).toContain(name);
    }
  });
});
