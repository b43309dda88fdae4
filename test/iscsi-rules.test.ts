import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { FsType, IscsiCredentials, IscsiPersistentVolume, IscsiVolume, IscsiVolumeProps, KubernetesVersion, VolumeImplementation } from '../src';
import { captureWarnings, expectSynthErrors, only, storageChart, synthAppValid, synthValid } from './helpers';

const IQN = 'iqn.2001-04.com.example:storage.kube.sys1.xyz';
const BASE = { targetPortal: '10.0.2.34:3260', iqn: IQN };
const PORTAL_RULE = 'must be "host" or "host:port" with host an IP address or DNS name and port 1-65535; an IPv6 address needs brackets and a port, e.g. "[fd00::1]:3260"';

function podVolume(props: Partial<IscsiVolumeProps>, chart: Chart = storageChart()): Chart {
  new IscsiVolume(chart, 'San', { ...BASE, name: 'san', ...props } as IscsiVolumeProps);
  return chart;
}

function persistentVolume(props: Record<string, unknown>, chart: Chart = storageChart({ namespace: 'db' })): Chart {
  new IscsiPersistentVolume(chart, 'Lun', { ...BASE, storage: Size.gibibytes(1), metadata: { name: 'lun' }, ...props } as any);
  return chart;
}

describe('iSCSI rules shared by Pod volumes and PersistentVolumes', () => {
  test.each([
    ['targetPortal', { targetPortal: '' }, 'volumes[san].iscsi.targetPortal: Required value'],
    ['iqn', { iqn: '' }, 'volumes[san].iscsi.iqn: Required value'],
  ])('%s is required', (_f, props, line) => {
    expectSynthErrors(podVolume(props), [`[test/San] ${line}`]);
  });

  test.each([
    ['fd00::1'],
    ['bad host name:3260'],
    ['10.0.2.34:3260:1'],
    ['[fd00::1]'],
    ['[not-ip]:3260'],
  ])('targetPortal %s is refused', (portal) => {
    expectSynthErrors(podVolume({ targetPortal: portal }), [`[test/San] volumes[san].iscsi.targetPortal: Invalid value: ${JSON.stringify(portal)}: ${PORTAL_RULE}`]);
  });

  test.each([['10.0.2.34'], ['10.0.2.34:3260'], ['[fd00::1]:3260'], ['san.example.com'], ['san.example.com:3261']])('targetPortal %s is accepted', (portal) => {
    const chart = podVolume({ targetPortal: portal });
    const dep = new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] });
    dep.addVolume(new IscsiVolume(chart, 'Other', { ...BASE, targetPortal: portal }).asVolume());
    expect(only(synthValid(chart), 'Deployment').spec.template.spec.volumes[0].iscsi.targetPortal).toEqual(portal);
  });

  test('a port out of range or missing after the colon', () => {
    expectSynthErrors(podVolume({ targetPortal: '10.0.2.34:65536', portals: ['10.0.2.35:0', '10.0.2.36:'] }), [
      `[test/San] volumes[san].iscsi.portals[1]: Invalid value: "10.0.2.36:": port must be between 1 and 65535, inclusive (${PORTAL_RULE})`,
      `[test/San] volumes[san].iscsi.targetPortal: Invalid value: "10.0.2.34:65536": port must be between 1 and 65535, inclusive (${PORTAL_RULE})`,
      `[test/San] volumes[san].iscsi.portals[0]: Invalid value: "10.0.2.35:0": port must be between 1 and 65535, inclusive (${PORTAL_RULE})`,
    ]);
  });

  const EX = 'e.g. "iqn.2001-04.com.example:storage.disk1"';
  test.each([
    ['iqn.2001-04.com.example', `must be valid format: after the naming authority comes ":" and the unique name of the target (${EX})`],
    ['iqn.2001-4.com.example:x', `must be valid format: the date after "iqn." is YYYY-MM, when the naming authority held the domain (${EX})`],
    ['iqn.2001-13.com.example:x', `must be valid format: the month in "2001-13" is 01 to 12 (${EX})`],
    ['iqn.2001-04.com..example:x', `must be valid format: after the date comes the naming authority, a reversed domain name such as "com.example" (${EX})`],
    ['iqn.2001-04.com.example:a b', `must be valid format: the name after ":" has none of , ; * & $ | or white space (${EX})`],
    ['iqn.2001-04.com.example:a,b', `must be valid format: the name after ":" has none of , ; * & $ | or white space (${EX})`],
    ['iqn-2001-04.com.example:x', `must be valid format: "iqn" is followed by "." and the date: iqn.YYYY-MM.<reversed domain>:<name> (${EX})`],
    ['eui.02004567A425678', 'must be valid format: "eui." is followed by 16 hexadecimal digits, not 15 (e.g. "eui.02004567A425678D")'],
    ['eui-02004567A425678D', 'must be valid format: "eui" is followed by "." and 16 hexadecimal digits (e.g. "eui.02004567A425678D")'],
    ['eui.02004567A425678Z', 'must be valid format: "eui." is followed by hexadecimal digits only (0-9, A-F) (e.g. "eui.02004567A425678D")'],
    ['naa.60014051234567890', 'must be valid format: "naa." is followed by 32 hexadecimal digits, not 17 (e.g. "naa.6001405123456789abcdef0123456789")'],
    ['disk1', 'must be valid format starting with iqn, eui, or naa (e.g. "iqn.2001-04.com.example:storage.disk1", "eui." + 16 hex digits, "naa." + 32 hex digits)'],
    ['target iqn.2001-04.com.example:x', 'must be valid format starting with iqn, eui, or naa; the name starts at "iqn.2001-04.com.example:x"'],
    [`iqn.2001-04.com.example:${'x'.repeat(200)}`, 'must be valid format: an iSCSI name is at most 223 bytes (RFC 3720)'],
  ])('Pod volume iqn %s', (iqn, why) => {
    expectSynthErrors(podVolume({ iqn }), [`[test/San] volumes[san].iscsi.iqn: Invalid value: ${JSON.stringify(iqn)}: ${why}`]);
  });

  test('a PersistentVolume says "must be valid format" for a bad prefix, as kube-apiserver does', () => {
    expectSynthErrors(persistentVolume({ iqn: 'disk1' }), [
      '[test/Lun] spec.iscsi.iqn: Invalid value: "disk1": must be valid format (e.g. "iqn.2001-04.com.example:storage.disk1", "eui." + 16 hex digits, "naa." + 32 hex digits)',
    ]);
  });

  test.each([['iqn.2001-04.my-host.example:x'], ['eui.02004567A425678D'], ['naa.6001405123456789abcdef0123456789']])('iqn %s is accepted', (iqn) => {
    expect(only(synthValid(persistentVolume({ iqn })), 'PersistentVolume').spec.iscsi.iqn).toEqual(iqn);
  });

  test.each([[-1], [256]])('lun %d', (lun) => {
    expectSynthErrors(podVolume({ lun }), [`[test/San] volumes[san].iscsi.lun: Invalid value: ${lun}: must be between 0 and 255, inclusive`]);
  });

  test.each([[1.5], [Number.NaN], [Number.POSITIVE_INFINITY], [-0], [2 ** 53]])('lun %d is no whole number', (lun) => {
    const shown = Object.is(lun, -0) ? '-0' : String(lun);
    expectSynthErrors(podVolume({ lun }), [`[test/San] volumes[san].iscsi.lun: Invalid value: ${shown}: must be a whole number between 0 and 255`]);
  });

  test('lun 255 is the largest', () => {
    expect(only(synthValid(persistentVolume({ lun: 255 })), 'PersistentVolume').spec.iscsi.lun).toBe(255);
  });

  test('a CHAP flag without a Secret', () => {
    expectSynthErrors(podVolume({ chapAuthSession: true }), [
      '[test/San] volumes[san].iscsi.secretRef: Required value: chapAuthDiscovery or chapAuthSession is true: give credentials',
    ]);
  });

  test('created CHAP credentials need both user and password for each flag that is on', () => {
    const chart = podVolume({
      credentials: IscsiCredentials.fromChap({ session: { username: 'kube', password: '' } }),
      chapAuthDiscovery: true,
    });
    const lines = [
      '[test/San/ChapSecret] stringData[discovery.sendtargets.auth.username]: Required value: chapAuthDiscovery is true: give discovery.username in IscsiCredentials.fromChap',
      '[test/San/ChapSecret] stringData[discovery.sendtargets.auth.password]: Required value: chapAuthDiscovery is true: give discovery.password in IscsiCredentials.fromChap',
      '[test/San/ChapSecret] stringData[node.session.auth.password]: Required value: chapAuthSession is true: give session.password in IscsiCredentials.fromChap',
    ];
    expectSynthErrors(chart, lines);
  });

  test('a CHAP Secret without a flag is a warning: the kubelet would never read it', () => {
    const chart = podVolume({ credentials: IscsiCredentials.fromSecret(kplus.Secret.fromSecretName(storageChart(), 'S', 'chap')) });
    const warnings = captureWarnings(() => synthValid(chart));
    expect(warnings).toEqual([
      'Warning: [test/San] volumes[san].iscsi.secretRef: the kubelet reads the CHAP Secret only when chapAuthDiscovery or chapAuthSession is true',
    ]);
  });

  test('an existing Secret referenced with a bad namespace', () => {
    const other = storageChart();
    const chart = persistentVolume({ chapAuthSession: true, credentials: IscsiCredentials.fromSecret(kplus.Secret.fromSecretName(other, 'S', 'chap'), { namespace: 'Bad_NS' }) });
    expectSynthErrors(chart, [
      '[test/Lun] spec.iscsi.secretRef.namespace: Invalid value: "Bad_NS": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
    ]);
  });

  test('an existing Secret: Pod volumes refer by name, PersistentVolumes by name and namespace', () => {
    const other = storageChart();
    const chart = storageChart({ namespace: 'db' });
    const pod = new IscsiVolume(chart, 'San', { ...BASE, credentials: IscsiCredentials.fromSecret(kplus.Secret.fromSecretName(other, 'S', 'chap')), chapAuthDiscovery: true });
    new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] }).addVolume(pod.asVolume());
    persistentVolume({ credentials: IscsiCredentials.fromSecret(kplus.Secret.fromSecretName(other, 'T', 'chap'), { namespace: 'san' }), chapAuthDiscovery: true }, chart);
    const docs = synthValid(chart);
    expect(only(docs, 'Deployment').spec.template.spec.volumes[0].iscsi).toEqual({ ...BASE, lun: 0, chapAuthDiscovery: true, secretRef: { name: 'chap' } });
    expect(only(docs, 'PersistentVolume').spec.iscsi).toEqual({ ...BASE, lun: 0, chapAuthDiscovery: true, secretRef: { name: 'chap', namespace: 'san' } });
    expect(docs.filter((d) => d.kind === 'Secret')).toEqual([]);
  });

  test('a Pod volume whose Secret is in another namespace than the workload', () => {
    const secrets = storageChart({ namespace: 'vault' });
    const secret = new kplus.Secret(secrets, 'Chap', { metadata: { name: 'chap' } });
    const chart = storageChart({ namespace: 'db' });
    const pod = new IscsiVolume(chart, 'San', { ...BASE, name: 'san', credentials: IscsiCredentials.fromSecret(secret), chapAuthSession: true });
    new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] }).addVolume(pod.asVolume());
    expectSynthErrors(chart, [
      '[test/App] spec.template.spec.volumes[san].iscsi.secretRef.name: Invalid value: "chap": the Secret is in namespace "vault", and the kubelet reads it from the Pod\'s namespace "db"',
    ]);
  });

  test('initiatorName: format, and the length rule at the places kube-apiserver reports it', () => {
    expectSynthErrors(podVolume({ initiatorName: 'node1' }), [
      '[test/San] volumes[san].iscsi.initiatorname: Invalid value: "node1": must be valid format starting with iqn, eui, or naa (e.g. "iqn.2001-04.com.example:storage.disk1", "eui." + 16 hex digits, "naa." + 32 hex digits)',
    ]);
    expectSynthErrors(persistentVolume({ initiatorName: 'node1' }), [
      '[test/Lun] spec.iscsi.initiatorname: Invalid value: "node1": must be valid format (e.g. "iqn.2001-04.com.example:storage.disk1", "eui." + 16 hex digits, "naa." + 32 hex digits)',
    ]);
    const longName = 'v'.repeat(50);
    expectSynthErrors(podVolume({ name: longName, initiatorName: 'iqn.2005-03.org.open-iscsi:node1' }), [
      `[test/San] volumes[${longName}].name: Invalid value: "${longName}": Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.`,
    ]);
    expectSynthErrors(persistentVolume({ metadata: { name: longName }, initiatorName: 'iqn.2005-03.org.open-iscsi:node1' }), [
      '[test/Lun] spec.iscsi.targetportal: Invalid value: "10.0.2.34:3260": Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.',
    ]);
  });

  test('exactly 64 characters pass the length rule', () => {
    const name = 'v'.repeat(64 - 1 - BASE.targetPortal.length);
    const chart = podVolume({ name, initiatorName: 'iqn.2005-03.org.open-iscsi:node1' });
    new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] }).addVolume(
      (chart.node.findChild('San') as IscsiVolume).asVolume());
    expect(only(synthValid(chart), 'Deployment').spec.template.spec.volumes[0].iscsi.initiatorName).toEqual('iqn.2005-03.org.open-iscsi:node1');
  });

  test('an empty fsType is unset by another name: a warning', () => {
    const chart = podVolume({ fsType: FsType.of('') });
    new kplus.Deployment(chart, 'App', { replicas: 1, containers: [{ image: 'busybox:1.36' }] }).addVolume((chart.node.findChild('San') as IscsiVolume).asVolume());
    expect(captureWarnings(() => synthValid(chart))).toEqual([
      'Warning: [test/San] volumes[san].iscsi.fsType: "" is the same as unset: the plugin\'s default filesystem (ext4 for most) is used; name a filesystem, or leave fsType unset',
    ]);
  });

  test('an invalid volume name', () => {
    expectSynthErrors(podVolume({ name: 'San_1' }), [
      '[test/San] volumes[San_1].name: Invalid value: "San_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
    ]);
  });

  test('an fsType that is no filesystem name, and a volume name that needs quoting in the path', () => {
    expectSynthErrors(podVolume({ name: 'a b', fsType: FsType.of('ext4\uFFFE') }), [
      '[test/San] volumes["a b"].name: Invalid value: "a b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
      '[test/San] volumes["a b"].iscsi.fsType: Invalid value: "ext4\uFFFE": must be a filesystem name such as "ext4" or "xfs" (letters, digits, \'-\', \'_\' and \'.\')',
    ]);
  });

  test('line separators in values are escaped, so every error stays on one line', () => {
    expectSynthErrors(podVolume({ portals: ['\u2028'], iscsiInterface: 'tcp\u0001' }), [
      `[test/San] volumes[san].iscsi.portals[0]: Invalid value: "\\u2028": ${PORTAL_RULE}`,
      '[test/San] volumes[san].iscsi.iscsiInterface: Invalid value: "tcp\\u0001": must not contain control characters, line separators (U+0085, U+2028, U+2029) or non-characters: cdk8s writes them so that YAML readers refuse or misread the manifest',
    ]);
  });

  test('every error of the app at once', () => {
    const chart = podVolume({ targetPortal: '', iqn: 'disk1', lun: 300 });
    persistentVolume({ accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] }, chart);
    expectSynthErrors(chart, [
      '[test/San] volumes[san].iscsi.targetPortal: Required value',
      '[test/San] volumes[san].iscsi.iqn: Invalid value: "disk1": must be valid format starting with iqn, eui, or naa (e.g. "iqn.2001-04.com.example:storage.disk1", "eui." + 16 hex digits, "naa." + 32 hex digits)',
      '[test/San] volumes[san].iscsi.lun: Invalid value: 300: must be between 0 and 255, inclusive',
      '[test/Lun] spec.accessModes[0]: Unsupported value: "ReadWriteMany": supported values: "ReadWriteOnce", "ReadOnlyMany"; an iSCSI LUN is attached read-write by one node at a time; use ReadOnlyMany to share it read-only',
    ]);
  });
});

describe('IscsiPersistentVolume', () => {
  test.each([
    ['capacity is required', { storage: undefined }, '[test/Lun] spec.capacity: Required value'],
    ['capacity above zero', { storage: Size.gibibytes(0) }, '[test/Lun] spec.capacity[storage]: Invalid value: "0": must be greater than zero'],
    ['access modes are required', { accessModes: [] }, '[test/Lun] spec.accessModes: Required value: at least 1 access mode is required'],
    ['storageClassName is a DNS subdomain', { storageClassName: 'Fast' }, '[test/Lun] spec.storageClassName: Invalid value: "Fast": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')'],
    ['metadata.name is a DNS subdomain', { metadata: { name: 'LUN' } }, '[test/Lun] metadata.name: Invalid value: "LUN": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')'],
  ])('%s', (_name, props, line) => {
    expectSynthErrors(persistentVolume(props), [line]);
  });

  test('ReadWriteOncePod: not served by the in-tree plugin, and never combined with other modes', () => {
    const modes = [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD, kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE];
    expectSynthErrors(persistentVolume({ accessModes: modes }), [
      '[test/Lun] spec.accessModes[0]: Unsupported value: "ReadWriteOncePod": supported values: "ReadWriteOnce", "ReadOnlyMany"; an iSCSI LUN is attached read-write by one node at a time; use ReadOnlyMany to share it read-only',
      '[test/Lun] spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
    ]);
  });

  test('volumeMode Block: the claim asks for Block too', () => {
    const chart = persistentVolume({ volumeMode: kplus.PersistentVolumeMode.BLOCK });
    (chart.node.findChild('Lun') as IscsiPersistentVolume).reserve();
    const docs = synthValid(chart);
    expect(only(docs, 'PersistentVolume').spec.volumeMode).toEqual('Block');
    expect(only(docs, 'PersistentVolumeClaim').spec.volumeMode).toEqual('Block');
  });

  test('mount options are written', () => {
    const docs = synthValid(persistentVolume({ mountOptions: ['_netdev'] }));
    expect(only(docs, 'PersistentVolume').spec.mountOptions).toEqual(['_netdev']);
  });

  test('mounted through its claim, read-only when the source is (the plugin reads it from the claim volume)', () => {
    const chart = storageChart({ namespace: 'db' });
    const pv = new IscsiPersistentVolume(chart, 'Lun', { ...BASE, readOnly: true, storage: Size.gibibytes(5), accessModes: [kplus.PersistentVolumeAccessMode.READ_ONLY_MANY] });
    const dep = new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] });
    dep.containers[0].mount('/data', pv);
    expect(pv.asVolume()).toBe(pv.asVolume());
    const docs = synthValid(chart);
    const claim = only(docs, 'PersistentVolumeClaim');
    expect(only(docs, 'Deployment').spec.template.spec.volumes).toEqual([
      { name: `pvc-${claim.metadata.name}`, persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: true } },
    ]);
  });

  test('asVolume uses the claim the volume is already bound to', () => {
    const chart = storageChart({ namespace: 'db' });
    const pv = new IscsiPersistentVolume(chart, 'Lun', { ...BASE, storage: Size.gibibytes(5) });
    const mine = new kplus.PersistentVolumeClaim(chart, 'Mine', { volume: pv, storage: Size.gibibytes(5), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], storageClassName: '' });
    pv.bind(mine);
    new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] }).containers[0].mount('/data', pv);
    const docs = synthValid(chart);
    expect(docs.filter((d) => d.kind === 'PersistentVolumeClaim').map((d) => d.metadata.name)).toEqual([mine.name]);
  });

  test('a reserved claim needs a namespace: claimRef matches name and namespace', () => {
    const chart = storageChart();
    new IscsiPersistentVolume(chart, 'Lun', { ...BASE, storage: Size.gibibytes(1) }).reserve();
    const claimName = (chart.node.findChild('Lun').node.findChild('Claim') as kplus.PersistentVolumeClaim).name;
    expectSynthErrors(chart, [
      `[test/Lun] spec.claimRef.namespace: Required value: claim "${claimName}" has no namespace, and a PersistentVolume reserved for a claim binds only to the claim of that name in that namespace: give the claim's Chart a namespace, or bind VolumeClaim.fromExistingClaim(scope, id, { name, namespace })`,
    ]);
  });

  test('CSI form refuses CHAP, because the driver would need it as a plain attribute', () => {
    expectSynthErrors(persistentVolume({ implementation: VolumeImplementation.CSI, chapAuthSession: true, credentials: IscsiCredentials.fromChap({ session: { username: 'u', password: 'p' } }) }), [
      '[test/Lun] spec.csi: Forbidden: iscsi.csi.k8s.io reads CHAP credentials only from a plain volume attribute, and credentials live only in Secrets: use the in-tree form (implementation AUTO or IN_TREE) for CHAP',
    ]);
  });

  test('CSI form refuses volumeMode Block', () => {
    expectSynthErrors(persistentVolume({ implementation: VolumeImplementation.CSI, volumeMode: kplus.PersistentVolumeMode.BLOCK }), [
      '[test/Lun] spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; iscsi.csi.k8s.io serves filesystem volumes only; use the in-tree form for a raw block device',
    ]);
  });

  test('CSI form: IPv6 portals and initiatorName are what csi-driver-iscsi cannot do', () => {
    expectSynthErrors(persistentVolume({
      implementation: VolumeImplementation.CSI, targetPortal: '[fd00::1]:3260', portals: ['10.0.2.35:3260', '[fd00::2]:3260'], initiatorName: 'iqn.2005-03.org.open-iscsi:node1',
    }), [
      '[test/Lun] spec.csi.volumeAttributes[targetPortal]: Invalid value: "[fd00::1]:3260": csi-driver-iscsi splits a portal on ":" (pkg/iscsilib/iscsi.go connectTarget), so an IPv6 portal never logs in: use the in-tree form (implementation AUTO or IN_TREE) for IPv6 portals',
      '[test/Lun] spec.csi.volumeAttributes[portals][1]: Invalid value: "[fd00::2]:3260": csi-driver-iscsi splits a portal on ":" (pkg/iscsilib/iscsi.go connectTarget), so an IPv6 portal never logs in: use the in-tree form (implementation AUTO or IN_TREE) for IPv6 portals',
      '[test/Lun] spec.csi.volumeAttributes[initiatorName]: Forbidden: csi-driver-iscsi reads initiatorName but never uses it (pkg/iscsi/iscsi.go buildISCSIConnector): the node\'s own initiator name logs in; leave initiatorName unset, or use the in-tree form (implementation AUTO or IN_TREE) to log in with a custom initiator name',
    ]);
  });

  test('the in-tree form takes IPv6 portals and initiatorName', () => {
    const pv = only(synthValid(persistentVolume({ targetPortal: '[fd00::1]:3260', initiatorName: 'iqn.2005-03.org.open-iscsi:node1' })), 'PersistentVolume');
    expect(pv.spec.iscsi).toEqual({ targetPortal: '[fd00::1]:3260', iqn: IQN, lun: 0, initiatorName: 'iqn.2005-03.org.open-iscsi:node1' });
  });

  test('CSI Pod volume is an inline csi volume with the driver\'s attributes', () => {
    const chart = storageChart();
    const vol = new IscsiVolume(chart, 'San', { ...BASE, name: 'san', portals: ['10.0.2.35:3260'], lun: 3, implementation: VolumeImplementation.CSI, fsType: FsType.XFS });
    new kplus.Deployment(chart, 'App', { containers: [{ image: 'busybox:1.36' }] }).containers[0].mount('/data', vol);
    expect(only(synthValid(chart), 'Deployment').spec.template.spec.volumes).toEqual([{
      name: 'san',
      csi: {
        driver: 'iscsi.csi.k8s.io',
        fsType: 'xfs',
        volumeAttributes: { targetPortal: '10.0.2.34:3260', iqn: IQN, lun: '3', portals: '["10.0.2.35:3260"]', discovery: 'true' },
      },
    }]);
  });

  test('the same form at every supported version (the in-tree plugin is not deprecated)', () => {
    for (const v of KubernetesVersion.all()) {
      const chart = storageChart({ kubernetesVersion: v, namespace: 'db' });
      new IscsiPersistentVolume(chart, 'Lun', { ...BASE, storage: Size.gibibytes(1) });
      const warnings = captureWarnings(() => {
        expect(Object.keys(only(synthValid(chart), 'PersistentVolume').spec)).toContain('iscsi');
      });
      expect(warnings).toEqual([]);
    }
  });
});

describe('synth', () => {
  test('writes no file when validation fails', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nowrite-'));
    const app = new App({ outdir });
    const good = new Chart(app, 'good', { namespace: 'db' });
    new IscsiPersistentVolume(good, 'Lun', { ...BASE, storage: Size.gibibytes(1) });
    const bad = new Chart(app, 'bad');
    new IscsiVolume(bad, 'San', { ...BASE, lun: 300 });
    expect(() => app.synth()).toThrow(/Validation failed with the following errors:\n {2}\[bad\/San\] volumes\[[a-z0-9-]+\]\.iscsi\.lun: Invalid value: 300/);
    expect(fs.readdirSync(outdir)).toEqual([]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

describe('created CHAP Secrets', () => {
  test('values the manifest cannot carry are refused, and never printed', () => {
    const chart = podVolume({ credentials: IscsiCredentials.fromChap({ session: { username: 'kube', password: 'pa\u2028ss' } }) });
    expectSynthErrors(chart, [
      '[test/San/ChapSecret] stringData[node.session.auth.password]: Invalid value: <redacted>: must not contain control characters, line separators (U+0085, U+2028, U+2029) or non-characters: cdk8s writes them so that YAML readers refuse or misread the manifest',
    ]);
  });
});

describe('target version', () => {
  test('an unusable version in context is reported once for the app', () => {
    const app = Testing.app();
    app.node.setContext(KubernetesVersion.CONTEXT_KEY, '1.99');
    const chart = new Chart(app, 'test', { namespace: 'db' });
    new IscsiVolume(chart, 'A', { ...BASE });
    new IscsiVolume(chart, 'B', { ...BASE });
    new IscsiPersistentVolume(chart, 'C', { ...BASE, storage: Size.gibibytes(1), kubernetesVersion: KubernetesVersion.V1_30 });
    expectSynthErrors(chart, [
      '[test/A] cdk8s-storage:kubernetesVersion: Unsupported value: "1.99": supported values: "1.24", "1.25", "1.26", "1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37"; set in context',
    ]);
  });
});

describe('what JavaScript and Python callers can pass: a field error, never a TypeError', () => {
  const js = (props: Record<string, unknown>) => props as unknown as Partial<IscsiVolumeProps>;

  test('values of another type name the field, the value and what is allowed', () => {
    expectSynthErrors(podVolume(js({ targetPortal: 3260, portals: '10.0.0.1', lun: '0', readOnly: 'yes', fsType: 'ext4' })), [
      '[test/San] volumes[san].iscsi.targetPortal: Invalid value: 3260: must be a string "host" or "host:port" (got a number)',
      '[test/San] volumes[san].iscsi.portals: Invalid value: "10.0.0.1": must be a list of portals, each "host" or "host:port" (got a string)',
      '[test/San] volumes[san].iscsi.lun: Invalid value: "0": must be a whole number between 0 and 255 (got a string)',
      '[test/San] volumes[san].iscsi.readOnly: Invalid value: "yes": must be true or false (got a string)',
    ]);
  });

  test('a plain string for fsType is taken as the filesystem name (what a JavaScript caller means)', () => {
    const chart = podVolume(js({ fsType: 'xfs' }));
    new kplus.Deployment(chart, 'App', { replicas: 1, containers: [{ image: 'busybox:1.36' }] }).addVolume((chart.node.findChild('San') as IscsiVolume).asVolume());
    expect(only(synthValid(chart), 'Deployment').spec.template.spec.volumes[0].iscsi.fsType).toEqual('xfs');
  });

  test('null (Python\'s None) is not given: the defaults apply', () => {
    const chart = podVolume(js({ lun: null, portals: null, readOnly: null, iscsiInterface: null }));
    new kplus.Deployment(chart, 'App', { replicas: 1, containers: [{ image: 'busybox:1.36' }] }).addVolume((chart.node.findChild('San') as IscsiVolume).asVolume());
    expect(only(synthValid(chart), 'Deployment').spec.template.spec.volumes[0]).toEqual({ name: 'san', iscsi: { ...BASE, lun: 0 } });
  });

  test('no props at all: the required fields are missing', () => {
    const chart = storageChart();
    new IscsiVolume(chart, 'San', undefined as unknown as IscsiVolumeProps);
    expectSynthErrors(chart, [
      '[test/San] volumes[test-san-c832933d].iscsi.targetPortal: Required value',
      '[test/San] volumes[test-san-c832933d].iscsi.iqn: Required value',
    ]);
  });

  test('a list element of another type, a CHAP Secret that is none, an unknown implementation', () => {
    expectSynthErrors(podVolume(js({ portals: ['10.0.0.2', 3260], credentials: 'chap', implementation: 'fast' })), [
      '[test/San] volumes[san].iscsi.portals[1]: Invalid value: 3260: must be a string "host" or "host:port" (got a number)',
      '[test/San] volumes[san].iscsi.secretRef: Invalid value: "chap": must be an IscsiCredentials (IscsiCredentials.fromChap or IscsiCredentials.fromSecret) (got a string)',
      '[test/San] volumes[san].iscsi: Unsupported value: "fast": supported values: "auto", "in-tree", "csi"; the implementation prop (VolumeImplementation.AUTO, IN_TREE or CSI) decides which form is written',
    ]);
  });

  test('a kubernetesVersion that is no KubernetesVersion', () => {
    expectSynthErrors(podVolume(js({ kubernetesVersion: '1.30' })), [
      '[test/San] kubernetesVersion: Invalid value: "1.30": must be a KubernetesVersion, such as KubernetesVersion.V1_30 or KubernetesVersion.of("1.30") (got a string)',
    ]);
  });

  test('a list of another type (from JavaScript): reported at synth, and the volume still renders it as given instead of throwing', () => {
    const chart = persistentVolume({ portals: '10.0.2.35' });
    expectSynthErrors(chart, [
      '[test/Lun] spec.iscsi.portals: Invalid value: "10.0.2.35": must be a list of portals, each "host" or "host:port" (got a string)',
    ]);
    const pv = chart.node.findChild('Lun') as IscsiPersistentVolume;
    expect(pv.toJson().spec.iscsi.portals).toEqual('10.0.2.35');
  });

  test('CHAP credentials of another type are refused, redacted', () => {
    const credentials = IscsiCredentials.fromChap({ session: { username: 'kube', password: 1234 }, discovery: 'hunter2' } as any);
    expectSynthErrors(podVolume({ credentials }), [
      '[test/San/ChapSecret] stringData[node.session.auth.password]: Invalid value: <redacted>: must be a string (got a number)',
      '[test/San/ChapSecret] stringData: Invalid value: <redacted>: discovery must be credentials { username, password } (got a string)',
      '[test/San/ChapSecret] stringData[node.session.auth.password]: Required value: chapAuthSession is true: give session.password in IscsiCredentials.fromChap',
    ]);
  });

  test('fromSecret with something that is no Secret', () => {
    expectSynthErrors(podVolume({ credentials: IscsiCredentials.fromSecret('san-chap' as any, { namespace: 7 } as any), chapAuthSession: true }), [
      '[test/San] volumes[san].iscsi.secretRef: Invalid value: "san-chap": must be a Secret: a cdk8s-plus-27 Secret of this app, or kplus.Secret.fromSecretName(scope, id, name) (got a string)',
      '[test/San] volumes[san].iscsi.secretRef.namespace: Invalid value: 7: must be a string (got a number)',
    ]);
  });
});

describe('one IscsiCredentials, several LUNs', () => {
  test('credentials created once and used by two volumes of one namespace write one Secret', () => {
    const chart = storageChart({ namespace: 'db' });
    const credentials = IscsiCredentials.fromChap({ session: { username: 'kube', password: 's3cret' }, metadata: { name: 'san-chap' } });
    new IscsiPersistentVolume(chart, 'Lun0', { ...BASE, lun: 0, storage: Size.gibibytes(1), credentials });
    new IscsiPersistentVolume(chart, 'Lun1', { ...BASE, lun: 1, storage: Size.gibibytes(1), credentials });
    const docs = synthValid(chart);
    expect(docs.filter((d) => d.kind === 'Secret').map((d) => d.metadata)).toEqual([{ name: 'san-chap', namespace: 'db' }]);
    expect(docs.filter((d) => d.kind === 'PersistentVolume').map((d) => d.spec.iscsi.secretRef)).toEqual([
      { name: 'san-chap', namespace: 'db' }, { name: 'san-chap', namespace: 'db' },
    ]);
  });

  test('a second volume that needs keys the first did not: reported on the one Secret', () => {
    const chart = storageChart({ namespace: 'db' });
    const credentials = IscsiCredentials.fromChap({ session: { username: 'kube', password: 's3cret' } });
    new IscsiPersistentVolume(chart, 'Lun0', { ...BASE, lun: 0, storage: Size.gibibytes(1), credentials });
    new IscsiPersistentVolume(chart, 'Lun1', { ...BASE, lun: 1, storage: Size.gibibytes(1), credentials, chapAuthDiscovery: true });
    expectSynthErrors(chart, [
      '[test/Lun0/ChapSecret] stringData[discovery.sendtargets.auth.username]: Required value: chapAuthDiscovery is true: give discovery.username in IscsiCredentials.fromChap',
      '[test/Lun0/ChapSecret] stringData[discovery.sendtargets.auth.password]: Required value: chapAuthDiscovery is true: give discovery.password in IscsiCredentials.fromChap',
    ]);
  });

  test('volumes in two namespaces get a Secret each (a Secret serves its own namespace)', () => {
    const app = Testing.app();
    const credentials = IscsiCredentials.fromChap({ session: { username: 'kube', password: 's3cret' } });
    const a = new Chart(app, 'a', { namespace: 'a' });
    const b = new Chart(app, 'b', { namespace: 'b' });
    new IscsiPersistentVolume(a, 'Lun', { ...BASE, metadata: { name: 'lun-a' }, storage: Size.gibibytes(1), credentials });
    new IscsiPersistentVolume(b, 'Lun', { ...BASE, metadata: { name: 'lun-b' }, lun: 1, storage: Size.gibibytes(1), credentials });
    const secrets = synthAppValid(app, KubernetesVersion.DEFAULT).filter((d) => d.kind === 'Secret');
    expect(secrets.map((d) => d.metadata.namespace)).toEqual(['a', 'b']);
  });
});
