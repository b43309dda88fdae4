import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { IscsiVolume, KubernetesVersion } from '../../src';
import { resolveTarget } from '../../src/core/policy/version';
import { formatError } from '../../src/core/rules/errors';
import { expectSynthErrors } from '../helpers';

const KEY = 'cdk8s-storage:kubernetesVersion';
const SUPPORTED = '"1.24", "1.25", "1.26", "1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37"';

/** A construct two levels below a fresh app, after `setup` ran on the app. */
function leaf(setup: (app: App) => void = () => {}): Construct {
  const app = Testing.app();
  setup(app);
  const chart = new Chart(app, 'test');
  return new Construct(chart, 'Leaf');
}

/** Runs `fn` with a temporary working directory that holds `cdk8s.yaml` with the given text. */
function inDirWithCdk8sYaml(yaml: string, fn: () => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-yaml-'));
  const prev = process.cwd();
  try {
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), yaml);
    process.chdir(dir);
    fn();
  } finally {
    process.chdir(prev);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('KubernetesVersion.of', () => {
  test.each([24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36])('"1.%i" is a supported version', (minor) => {
    const v = KubernetesVersion.of(`1.${minor}`);
    expect(v.minor).toEqual(minor);
    expect(v.name).toEqual(`1.${minor}`);
    expect(v.toString()).toEqual(`1.${minor}`);
    expect(v).toBe((KubernetesVersion as any)[`V1_${minor}`]);
  });

  test('accepts a leading "v" and a patch part', () => {
    expect(KubernetesVersion.of('v1.30')).toBe(KubernetesVersion.V1_30);
    expect(KubernetesVersion.of('1.30.2')).toBe(KubernetesVersion.V1_30);
    expect(KubernetesVersion.of('v1.31.0')).toBe(KubernetesVersion.V1_31);
  });

  test.each(['1.23', '1.38', '1.030', 'abc', '2.30', '1.30.x', ''])('rejects "%s" with the supported list', (raw) => {
    expect(() => KubernetesVersion.of(raw)).toThrow(
      new Error(`kubernetesVersion: Unsupported value: ${JSON.stringify(raw)}: supported values: ${SUPPORTED}`));
  });

  test('all() lists 1.24 … 1.37 oldest first, as a copy; DEFAULT is the newest, 1.37', () => {
    const all = KubernetesVersion.all();
    expect(all.map((v) => v.name)).toEqual(['1.24', '1.25', '1.26', '1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
    all.pop();
    expect(KubernetesVersion.all()).toHaveLength(14);
    expect(KubernetesVersion.DEFAULT).toBe(KubernetesVersion.V1_37);
    expect(KubernetesVersion.CONTEXT_KEY).toEqual(KEY);
  });

  test('applyTo sets the context key to the version name', () => {
    const app = Testing.app();
    KubernetesVersion.V1_30.applyTo(app);
    expect(app.node.tryGetContext(KEY)).toEqual('1.30');
  });
});

describe('resolveTarget', () => {
  test('without prop, context or cdk8s.yaml: the default, 1.37', () => {
    inDirWithCdk8sYaml('app: node main.js\n', () => {
      expect(resolveTarget(leaf())).toEqual({ version: KubernetesVersion.V1_37 });
    });
  });

  test('the prop overrides node context', () => {
    const scope = leaf((app) => KubernetesVersion.V1_30.applyTo(app));
    expect(resolveTarget(scope, KubernetesVersion.V1_25)).toEqual({ version: KubernetesVersion.V1_25 });
  });

  test('the prop overrides even a bad context value', () => {
    const scope = leaf((app) => app.node.setContext(KEY, 'abc'));
    expect(resolveTarget(scope, KubernetesVersion.V1_25)).toEqual({ version: KubernetesVersion.V1_25 });
  });

  test('node context, set on the app, reaches constructs below', () => {
    const scope = leaf((app) => KubernetesVersion.V1_30.applyTo(app));
    expect(resolveTarget(scope)).toEqual({ version: KubernetesVersion.V1_30 });
    expect(KubernetesVersion.targetOf(scope)).toBe(KubernetesVersion.V1_30);
  });

  test('the nearest context wins', () => {
    const app = Testing.app();
    KubernetesVersion.V1_30.applyTo(app);
    const chart = new Chart(app, 'test');
    KubernetesVersion.V1_26.applyTo(chart);
    expect(resolveTarget(new Construct(chart, 'Leaf')).version).toBe(KubernetesVersion.V1_26);
  });

  test('node context overrides cdk8s.yaml context', () => {
    inDirWithCdk8sYaml(`context:\n  ${KEY}: "1.27"\n`, () => {
      const scope = leaf((app) => KubernetesVersion.V1_30.applyTo(app));
      expect(resolveTarget(scope)).toEqual({ version: KubernetesVersion.V1_30 });
    });
  });

  test('cdk8s.yaml context in the working directory, when there is no node context', () => {
    inDirWithCdk8sYaml(`language: typescript\napp: npx ts-node main.ts\ncontext:\n  ${KEY}: "1.27"\n`, () => {
      expect(resolveTarget(leaf())).toEqual({ version: KubernetesVersion.V1_27 });
    });
  });

  test('cdk8s.yaml without the key: the default', () => {
    inDirWithCdk8sYaml('context:\n  other: "x"\n', () => {
      expect(resolveTarget(leaf())).toEqual({ version: KubernetesVersion.V1_37 });
    });
  });

  test('a numeric context value 1.3 (unquoted 1.30) gives the quoting hint', () => {
    const t = resolveTarget(leaf((app) => app.node.setContext(KEY, 1.3)));
    expect(t.version).toBe(KubernetesVersion.DEFAULT);
    // the value is the number the user gave: printed bare, like apimachinery prints numbers
    expect(formatError(t.error!)).toEqual(
      `${KEY}: Unsupported value: 1.3: supported values: ${SUPPORTED}; the context value is the number 1.3: quote versions in YAML ("1.30"), unquoted 1.30 is the number 1.3`);
  });

  test('an unquoted 1.30 in cdk8s.yaml gives the quoting hint naming cdk8s.yaml', () => {
    inDirWithCdk8sYaml(`context:\n  ${KEY}: 1.30\n`, () => {
      const t = resolveTarget(leaf());
      expect(t.version).toBe(KubernetesVersion.DEFAULT);
      expect(t.error && formatError(t.error)).toEqual(
        `${KEY}: Unsupported value: 1.3: supported values: ${SUPPORTED}; the cdk8s.yaml context value is the number 1.3: quote versions in YAML ("1.30"), unquoted 1.30 is the number 1.3`);
    });
  });

  test('a numeric context value that reads as a version is accepted', () => {
    expect(resolveTarget(leaf((app) => app.node.setContext(KEY, 1.25)))).toEqual({ version: KubernetesVersion.V1_25 });
  });

  test('a bad string context value: the default, and an error naming where it was set', () => {
    const t = resolveTarget(leaf((app) => app.node.setContext(KEY, '1.23')));
    expect(t.version).toBe(KubernetesVersion.DEFAULT);
    expect(formatError(t.error!)).toEqual(`${KEY}: Unsupported value: "1.23": supported values: ${SUPPORTED}; set in context`);
  });

  test('targetOf throws the same line for a bad value', () => {
    const scope = leaf((app) => app.node.setContext(KEY, 'abc'));
    expect(() => KubernetesVersion.targetOf(scope)).toThrow(
      new Error(`${KEY}: Unsupported value: "abc": supported values: ${SUPPORTED}; set in context`));
  });

  test('a bad context value surfaces as a synth error on an IscsiVolume', () => {
    const app = Testing.app();
    app.node.setContext(KEY, 'abc');
    const chart = new Chart(app, 'test');
    new IscsiVolume(chart, 'San', { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz', name: 'san' });
    expectSynthErrors(chart, [`[test/San] ${KEY}: Unsupported value: "abc": supported values: ${SUPPORTED}; set in context`]);
  });

  test('a bad cdk8s.yaml value surfaces as a synth error naming cdk8s.yaml', () => {
    inDirWithCdk8sYaml(`context:\n  ${KEY}: "1.40"\n`, () => {
      const chart = new Chart(Testing.app(), 'test');
      new IscsiVolume(chart, 'San', { targetPortal: '10.0.2.34:3260', iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz', name: 'san' });
      expectSynthErrors(chart, [`[test/San] ${KEY}: Unsupported value: "1.40": supported values: ${SUPPORTED}; set in cdk8s.yaml context`]);
    });
  });
});
