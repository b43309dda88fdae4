import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { StorageValidation } from '../src';

/*
 * The validation plugin under cdk8s-cli's real `cdk8s synth`: a cdk8s app written with cdk8s-plus
 * alone, whose cdk8s.yaml lists the plugin under `validations:`. The app folder sits under the
 * repository's .tmp/ so that it resolves cdk8s and cdk8s-plus-27 from the repository's
 * node_modules; the plugin is loaded from a local path that runs this source tree (ts-node).
 */

const ROOT = path.resolve(__dirname, '..');
const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');

/** A Deployment of cdk8s-plus, with `volume` added to its Pod template by a JSON patch (cdk8s-plus has no rbd volume). */
function appSource(volume: object): string {
  return `
const { App, Chart, ApiObject, JsonPatch } = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const app = new App();
const chart = new Chart(app, 'web', { namespace: 'shop' });
const d = new kplus.Deployment(chart, 'Web', { replicas: 1, containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });
ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/volumes', [${JSON.stringify(volume)}]));
app.synth();
`;
}

function synth(volume: object, kubernetesVersion: string): { status: number | null; out: string } {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'plugin-app-'));
  try {
    fs.writeFileSync(path.join(dir, 'main.js'), appSource(volume));
    fs.writeFileSync(path.join(dir, 'plugin.js'),
      `require(${JSON.stringify(require.resolve('ts-node/register/transpile-only'))});\nmodule.exports = require(${JSON.stringify(path.join(ROOT, 'src', 'index.ts'))});\n`);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
      'language: typescript',
      'app: node main.js',
      'validations:',
      '  - package: ./plugin.js',
      '    version: 0.0.0',
      '    class: StorageValidation',
      `    properties: { kubernetesVersion: "${kubernetesVersion}" }`,
      '',
    ].join('\n'));
    const r = spawnSync(CDK8S, ['synth'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', FORCE_COLOR: '0' }, timeout: 120_000 });
    // eslint-disable-next-line no-control-regex
    return { status: r.status, out: `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const RBD = { name: 'data', rbd: { monitors: ['10.16.154.78:6789'], image: 'foo', pool: 'kube', secretRef: { name: 'ceph-secret' } } };

describe('StorageValidation, a cdk8s validation plugin, under cdk8s synth', () => {
  test('a cdk8s-plus chart with an in-tree rbd volume fails synth at 1.31, with the finding', () => {
    const { status, out } = synth(RBD, '1.31');
    expect(status).toBe(2);
    expect(out).toContain('[Deployment shop/web-c8be0d4f] spec.template.spec.volumes[0].rbd: Forbidden: in-tree rbd was removed in 1.31 (target 1.31); ' +
      'the CSI driver rbd.csi.ceph.com serves it: a PersistentVolume with spec.csi and a claim');
    expect(out).toContain('How to fix: use rbd.csi.ceph.com');
    // cdk8s-cli maps the object to its construct
    expect(out).toContain('- Construct Path: web/Web/Resource');
    expect(out).toContain('Validation failed');
  }, 180_000);

  test('the same chart at 1.30 passes, the deprecation listed; a chart without in-tree volumes passes', () => {
    const deprecated = synth(RBD, '1.30');
    expect(deprecated.status).toBe(0);
    expect(deprecated.out).toContain('Warning: [Deployment shop/web-c8be0d4f] spec.template.spec.volumes[0].rbd: deprecated in v1.28, non-functional in v1.31+ (target 1.30)');
    expect(deprecated.out).toContain('Validations ended succesfully');
    const clean = synth({ name: 'cache', emptyDir: {} }, '1.31');
    expect(clean.status).toBe(0);
    expect(clean.out).toContain('Validations ended succesfully');
  }, 180_000);

  test('an unsupported kubernetesVersion fails the report with the reason', async () => {
    const violations: any[] = [];
    let status = '';
    await new StorageValidation({ kubernetesVersion: '1.99' }).validate({
      manifests: [],
      report: { addViolation: (v) => violations.push(v), submit: (s) => { status = s; } },
    });
    expect(status).toBe('failure');
    expect(violations[0].ruleName).toMatch(/^properties\.kubernetesVersion: Unsupported value: "1\.99": supported values: "1\.24"/);
  });
});

describe('what importing the library loads', () => {
  test('the manifest checker and its YAML parser only when the plugin runs, not at import (bench/README.md, "The carriers")', async () => {
    const loaded: string[] = [];
    await jest.isolateModulesAsync(async () => {
      // a module that is loaded says so; the real ones stand behind the marks
      jest.doMock('../src/cli/check', () => {
        loaded.push('cli/check');
        return jest.requireActual('../src/cli/check');
      });
      jest.doMock('yaml', () => {
        loaded.push('yaml');
        return jest.requireActual('yaml');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('../src') as typeof import('../src');
      expect(loaded).toEqual([]);
      let status = '';
      await new isolated.StorageValidation({ kubernetesVersion: '1.31' }).validate({
        manifests: [],
        report: { addViolation: () => undefined, submit: (s) => { status = s; } },
      });
      expect(status).toBe('success');
      expect(loaded).toEqual(['cli/check', 'yaml']);
    });
  });
});
