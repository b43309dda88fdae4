import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IscsiCredentials, IscsiVolume } from '../../src';
import { addRules, collectFindings, setWarningSink } from '../../src/core/app/validation';
import { Finding, invalid, required, warning } from '../../src/core/rules/errors';
import { FieldPath } from '../../src/core/rules/field-path';
import { captureWarnings, expectSynthErrors, storageChart, synthErrors } from '../helpers';

const FLEX = FieldPath.root('spec', 'flexVolume');
const DEPRECATED = 'deprecated in v1.23, move to a CSI driver for the same storage (target 1.36)';

/** A construct under `scope` whose rules return `findings()` each time they run. */
function ruled(scope: Construct, id: string, findings: () => Finding[]): Construct {
  const c = new Construct(scope, id);
  addRules(c, findings);
  return c;
}

describe('warnings', () => {
  test('printed once per construct, however often synth runs', () => {
    const chart = storageChart();
    ruled(chart, 'Flex', () => [warning(FLEX, DEPRECATED)]);
    const printed = captureWarnings(() => {
      Testing.synth(chart);
      Testing.synth(chart);
      Testing.synth(chart);
    });
    expect(printed).toEqual([`Warning: [test/Flex] spec.flexVolume: ${DEPRECATED}`]);
  });

  test('the same line twice in one run is printed once', () => {
    const chart = storageChart();
    ruled(chart, 'Flex', () => [warning(FLEX, DEPRECATED), warning(FLEX, DEPRECATED)]);
    expect(captureWarnings(() => Testing.synth(chart))).toEqual([`Warning: [test/Flex] spec.flexVolume: ${DEPRECATED}`]);
  });

  test('different lines of one construct are each printed, in order', () => {
    const chart = storageChart();
    ruled(chart, 'Flex', () => [warning(FLEX, DEPRECATED), warning(FLEX.child('secretRef'), 'unused')]);
    expect(captureWarnings(() => Testing.synth(chart))).toEqual([
      `Warning: [test/Flex] spec.flexVolume: ${DEPRECATED}`,
      'Warning: [test/Flex] spec.flexVolume.secretRef: unused',
    ]);
  });

  test('the same line on two constructs is printed for each, under its own path', () => {
    const chart = storageChart();
    ruled(chart, 'A', () => [warning(FLEX, DEPRECATED)]);
    ruled(chart, 'B', () => [warning(FLEX, DEPRECATED)]);
    expect(captureWarnings(() => Testing.synth(chart)).sort()).toEqual([
      `Warning: [test/A] spec.flexVolume: ${DEPRECATED}`,
      `Warning: [test/B] spec.flexVolume: ${DEPRECATED}`,
    ]);
  });

  test('a line that appears only in a later run is printed then', () => {
    const chart = storageChart();
    let extra = false;
    ruled(chart, 'Flex', () => [warning(FLEX, DEPRECATED), ...(extra ? [warning(FLEX, 'later')] : [])]);
    expect(captureWarnings(() => Testing.synth(chart))).toEqual([`Warning: [test/Flex] spec.flexVolume: ${DEPRECATED}`]);
    extra = true;
    expect(captureWarnings(() => Testing.synth(chart))).toEqual(['Warning: [test/Flex] spec.flexVolume: later']);
  });

  test('warnings do not fail synth, and are printed even when errors do', () => {
    const chart = storageChart();
    ruled(chart, 'Warn', () => [warning(FLEX, DEPRECATED)]);
    expect(captureWarnings(() => expect(Testing.synth(chart)).toEqual([]))).toHaveLength(1);

    const failing = storageChart();
    ruled(failing, 'Both', () => [warning(FLEX, DEPRECATED), required(FLEX.child('driver'))]);
    let errors: string[] = [];
    const printed = captureWarnings(() => { errors = synthErrors(failing); });
    expect(printed).toEqual([`Warning: [test/Both] spec.flexVolume: ${DEPRECATED}`]);
    expect(errors).toEqual(['[test/Both] spec.flexVolume.driver: Required value']);
  });

  test('a backend warning goes through the sink, once per construct', () => {
    const chart = storageChart();
    new IscsiVolume(chart, 'San', {
      name: 'san',
      targetPortal: '10.0.2.34:3260',
      iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz',
      credentials: IscsiCredentials.fromSecret(kplus.Secret.fromSecretName(chart, 'Chap', 'chap')),
    });
    const printed = captureWarnings(() => {
      Testing.synth(chart);
      Testing.synth(chart);
    });
    expect(printed).toEqual([
      'Warning: [test/San] volumes[san].iscsi.secretRef: the kubelet reads the CHAP Secret only when chapAuthDiscovery or chapAuthSession is true',
    ]);
  });

  test('setWarningSink returns the previous sink and restores cleanly', () => {
    const seen: string[] = [];
    const prev = setWarningSink((l) => seen.push(l));
    const chart = storageChart();
    ruled(chart, 'Flex', () => [warning(FLEX, DEPRECATED)]);
    Testing.synth(chart);
    const mine = setWarningSink(prev);
    expect(seen).toEqual([`Warning: [test/Flex] spec.flexVolume: ${DEPRECATED}`]);
    mine('direct');
    expect(seen).toHaveLength(2);
  });
});

describe('errors', () => {
  test('errors of several constructs are reported at once, each under its path', () => {
    const chart = storageChart();
    ruled(chart, 'A', () => [required(FieldPath.root('spec', 'rbd', 'monitors'), 'list at least one monitor as "host:port"')]);
    ruled(chart, 'B', () => [
      invalid(FieldPath.root('spec', 'iscsi', 'lun'), 300, 'must be between 0 and 255, inclusive'),
      invalid(FieldPath.root('spec', 'iscsi', 'iqn'), 'x', 'must be valid format'),
    ]);
    const nested = new Construct(chart, 'Group');
    ruled(nested, 'C', () => [required(FieldPath.root('provisioner'))]);
    ruled(chart, 'Fine', () => []);

    expectSynthErrors(chart, [
      '[test/A] spec.rbd.monitors: Required value: list at least one monitor as "host:port"',
      '[test/B] spec.iscsi.lun: Invalid value: 300: must be between 0 and 255, inclusive',
      '[test/B] spec.iscsi.iqn: Invalid value: "x": must be valid format',
      '[test/Group/C] provisioner: Required value',
    ]);
  });

  test('errors of constructs in another chart of the app are reported too', () => {
    const chart = storageChart();
    const other = new Chart(chart.node.root as Construct, 'other');
    ruled(other, 'X', () => [required(FieldPath.root('provisioner'))]);
    expectSynthErrors(chart, ['[other/X] provisioner: Required value']);
  });

  test('rules run at synth, so they see changes made after construction', () => {
    const chart = storageChart();
    const monitors: string[] = [];
    ruled(chart, 'Cluster', () => (monitors.length === 0 ? [required(FieldPath.root('spec', 'rbd', 'monitors'))] : []));
    expect(synthErrors(chart)).toEqual(['[test/Cluster] spec.rbd.monitors: Required value']);
    monitors.push('10.0.0.1:6789');
    expect(synthErrors(chart)).toEqual([]);
  });
});

describe('collectFindings', () => {
  test('returns every rule\'s findings with its construct, prints no warning, fails nothing, and leaves synth as it was', () => {
    const chart = storageChart();
    const a = ruled(chart, 'A', () => [warning(FLEX, DEPRECATED)]);
    const b = ruled(chart, 'B', () => [required(FLEX.child('driver'))]);
    let found: ReturnType<typeof collectFindings> = [];
    expect(captureWarnings(() => { found = collectFindings(chart.node.root); })).toEqual([]);
    expect(found.map(({ scope, finding }) => [scope, finding.path.toString()])).toEqual([[a, 'spec.flexVolume'], [b, 'spec.flexVolume.driver']]);
    expectSynthErrors(chart, ['[test/B] spec.flexVolume.driver: Required value']);
  });
});
