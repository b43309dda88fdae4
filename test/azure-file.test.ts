import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { captureWarnings, expectSynthErrors, kinds, only, storageChart, synthErrors, synthValid, synthWithWarnings } from './helpers';
import {
  KubernetesVersion, VolumeImplementation,
  AzureFileCredentials, AzureFilePersistentVolume, AzureFilePersistentVolumeProps, AzureFileProtocol, AzureFileSkuName, AzureFileStorageClass,
  AzureFileVolume, AzureFileVolumeProps,
} from '../src';

// The seed: secretName azure-file-secret, shareName azure-share, readOnly false. The key is a
// placeholder in the shape of a real one (64 bytes, base64).
const ACCOUNT = 'cdk8sstorage';
const KEY = 'Y2RrOHMtc3RvcmFnZSBwbGFjZWhvbGRlciBhY2NvdW50IGtleSwgbm90IGEgcmVhbCBvbmU6IDAxMjM0NTY3OA==';
const DRIVER = 'file.csi.azure.com';
const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;
const { V1_24, V1_25, V1_26, V1_30, V1_36 } = KubernetesVersion;

const DEPRECATED = 'deprecated in v1.21, served only by the CSI driver file.csi.azure.com from v1.26';
const MIGRATION_ONLY = 'deprecated in v1.21; only CSI migration serves it from v1.26';
const SHARE_MSG = 'an Azure file share name must be 3 to 63 characters of lower case letters, digits and single \'-\', starting and ending with a letter or digit (e.g. \'azure-share\', regex used for validation is \'[a-z0-9]+(-[a-z0-9]+)*\')';
const ACCOUNT_MSG = 'an Azure storage account name must be 3 to 24 characters of lower case letters and digits (e.g. \'mystorageaccount\', regex used for validation is \'[a-z0-9]{3,24}\')';
const NAMESPACE_FIX = 'give the Chart of the Secret\'s reference a namespace, or pass namespace to AzureFileCredentials.fromSecret';

interface Fixture {
  readonly chart: Chart;
  readonly account: AzureFileCredentials;
}

interface FixtureOptions {
  /** A Chart without a namespace (else "web"). */
  readonly noNamespace?: boolean;
}

/** A chart at `version` with the seed's Secret, created from the account's name and key. */
function fixture(version: KubernetesVersion, opts: FixtureOptions = {}): Fixture {
  const chart = storageChart({ kubernetesVersion: version, namespace: opts.noNamespace ? undefined : 'web' });
  const account = AzureFileCredentials.fromAccountKey({ accountName: ACCOUNT, accountKey: KEY, secretName: 'azure-file-secret' });
  return { chart, account };
}

/** The seed's volume, mounted by a Deployment. */
function seedDeployment(f: Fixture, props: Partial<AzureFileVolumeProps> = {}): AzureFileVolume {
  const share = new AzureFileVolume(f.chart, 'Share', { name: 'azure', shareName: 'azure-share', credentials: f.account, readOnly: false, ...props });
  const web = new kplus.Deployment(f.chart, 'Web', { containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });
  web.containers[0].mount('/usr/share/nginx/html', share);
  return share;
}

function sharePv(f: Fixture, props: Partial<AzureFilePersistentVolumeProps> = {}): AzureFilePersistentVolume {
  return new AzureFilePersistentVolume(f.chart, 'Files', {
    shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(100), metadata: { name: 'azure-share' }, ...props,
  });
}

/** Synthesizes with the schema check and returns the documents and the warnings printed meanwhile. */
function podSpec(docs: any[]): any {
  return only(docs, 'Deployment').spec.template.spec;
}

const SECRET = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'azure-file-secret', namespace: 'web' },
  immutable: false,
  stringData: { azurestorageaccountname: ACCOUNT, azurestorageaccountkey: KEY },
  type: 'Opaque',
};

/** The key is in no document but the Secret. */
function expectKeyOnlyInSecrets(docs: any[]): void {
  const leaks = docs.filter((d) => d.kind !== 'Secret' && JSON.stringify(d).includes(KEY)).map((d) => `${d.kind}/${d.metadata?.name}`);
  expect(leaks).toEqual([]);
}

describe('AzureFileVolume mounted in a Deployment', () => {
  test.each([[V1_24], [V1_25]])('at %s: the seed\'s inline azureFile volume, its Opaque Secret, and the deprecation warning', (version) => {
    const f = fixture(version);
    seedDeployment(f);

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([`Warning: [test/Share] volumes[azure].azureFile: ${DEPRECATED} (target ${version})`]);
    expect(kinds(docs)).toEqual(['Secret', 'Deployment']);
    expect(only(docs, 'Secret')).toEqual(SECRET);
    expect(podSpec(docs).volumes).toEqual([{ name: 'azure', azureFile: { secretName: 'azure-file-secret', shareName: 'azure-share', readOnly: false } }]);
    expect(podSpec(docs).containers[0].volumeMounts).toEqual([{ mountPath: '/usr/share/nginx/html', name: 'azure' }]);
    expectKeyOnlyInSecrets(docs);
  });

  test.each([[V1_26], [V1_36]])('at %s: an inline file.csi.azure.com volume with the same Secret, no warning', (version) => {
    const f = fixture(version);
    seedDeployment(f);

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['Secret', 'Deployment']);
    expect(only(docs, 'Secret')).toEqual(SECRET);
    expect(podSpec(docs).volumes).toEqual([{
      name: 'azure',
      csi: { driver: DRIVER, readOnly: false, volumeAttributes: { shareName: 'azure-share', secretName: 'azure-file-secret' } },
    }]);
    expect(podSpec(docs).containers[0].volumeMounts).toEqual([{ mountPath: '/usr/share/nginx/html', name: 'azure' }]);
    expectKeyOnlyInSecrets(docs);
  });

  test('at 1.26 mount options become one comma-separated volume attribute', () => {
    const f = fixture(V1_26);
    const share = seedDeployment(f, { mountOptions: ['dir_mode=0777', 'file_mode=0777', 'uid=1000', 'gid=1000', 'mfsymlinks'] });
    expect(share.mountOptions).toEqual(['dir_mode=0777', 'file_mode=0777', 'uid=1000', 'gid=1000', 'mfsymlinks']);
    expect(podSpec(synthValid(f.chart)).volumes[0].csi).toEqual({
      driver: DRIVER,
      readOnly: false,
      volumeAttributes: { shareName: 'azure-share', secretName: 'azure-file-secret', mountOptions: 'dir_mode=0777,file_mode=0777,uid=1000,gid=1000,mfsymlinks' },
    });
  });

  test('readOnly unset is written in neither form', () => {
    const old = fixture(V1_25);
    seedDeployment(old, { readOnly: undefined });
    const now = fixture(V1_26);
    seedDeployment(now, { readOnly: undefined });
    captureWarnings(() => expect(podSpec(synthValid(old.chart)).volumes[0].azureFile).toEqual({ secretName: 'azure-file-secret', shareName: 'azure-share' }));
    expect(podSpec(synthValid(now.chart)).volumes[0].csi).toEqual({ driver: DRIVER, volumeAttributes: { shareName: 'azure-share', secretName: 'azure-file-secret' } });
  });

  test('implementation CSI at 1.24 gives the inline CSI volume, without a warning', () => {
    const f = fixture(V1_24);
    seedDeployment(f, { implementation: VolumeImplementation.CSI, readOnly: true });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(podSpec(docs).volumes[0].csi).toEqual({ driver: DRIVER, readOnly: true, volumeAttributes: { shareName: 'azure-share', secretName: 'azure-file-secret' } });
  });

  test('implementation IN_TREE at 1.30 keeps the azureFile field, with the migration warning', () => {
    const f = fixture(V1_30);
    seedDeployment(f, { implementation: VolumeImplementation.IN_TREE });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([`Warning: [test/Share] volumes[azure].azureFile: ${MIGRATION_ONLY} (target 1.30): install the CSI driver ${DRIVER}`]);
    expect(podSpec(docs).volumes).toEqual([{ name: 'azure', azureFile: { secretName: 'azure-file-secret', shareName: 'azure-share', readOnly: false } }]);
  });

  test('an existing Secret is referenced by name and not written', () => {
    const f = fixture(V1_36);
    const account = AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(f.chart, 'Ref', 'files-account') });
    seedDeployment(f, { credentials: account });
    const docs = synthValid(f.chart);
    expect(kinds(docs)).toEqual(['Deployment']); // the fixture's credentials are unused: no Secret
    expect(podSpec(docs).volumes[0].csi.volumeAttributes).toEqual({ shareName: 'azure-share', secretName: 'files-account' });
  });

  test('the construct path names the volume when no name is given', () => {
    const f = fixture(V1_36);
    const share = new AzureFileVolume(f.chart, 'Share', { shareName: 'azure-share', credentials: f.account });
    expect(share.asVolume().name).toEqual(share.name);
    expect(share.asVolume()).toBe(share.asVolume());
    expect(share.name).toMatch(/^test-share-c8[0-9a-f]+$/);
  });
});

describe('AzureFileVolume rules', () => {
  test.each([
    [V1_25, 'volumes[azure].azureFile.shareName'],
    [V1_26, 'volumes[azure].csi.volumeAttributes[shareName]'],
  ])('at %s an empty share name is Required at %s', (version, path) => {
    const f = fixture(version);
    new AzureFileVolume(f.chart, 'Share', { name: 'azure', shareName: '', credentials: f.account });
    captureWarnings(() => expectSynthErrors(f.chart, [`[test/Share] ${path}: Required value`]));
  });

  test.each([
    ['Azure_Share'], ['az'], ['azure--share'], ['-azure'], ['azure-'], ['azure/share/dir'], ['a'.repeat(64)],
  ])('share name %j is not an Azure share name', (share) => {
    const f = fixture(V1_36);
    new AzureFileVolume(f.chart, 'Share', { name: 'azure', shareName: share, credentials: f.account });
    expectSynthErrors(f.chart, [`[test/Share] volumes[azure].csi.volumeAttributes[shareName]: Invalid value: ${JSON.stringify(share)}: ${SHARE_MSG}`]);
  });

  test.each([['abc'], ['a'.repeat(63)], ['share-1-2']])('share name %j is valid', (share) => {
    const f = fixture(V1_36);
    new AzureFileVolume(f.chart, 'Share', { name: 'azure', shareName: share, credentials: f.account });
    expect(synthValid(f.chart)).toHaveLength(1);
  });

  test.each([
    [V1_25, 'volumes[azure].azureFile.secretName'],
    [V1_26, 'volumes[azure].csi.volumeAttributes[secretName]'],
  ])('at %s an existing Secret without a name is Required at %s', (version, path) => {
    const f = fixture(version);
    const account = AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(f.chart, 'Ref', '') });
    new AzureFileVolume(f.chart, 'Share', { name: 'azure', shareName: 'azure-share', credentials: account });
    captureWarnings(() => expectSynthErrors(f.chart, [`[test/Share] ${path}: Required value`]));
  });

  test('an existing Secret whose name no Secret can have', () => {
    const f = fixture(V1_36);
    const account = AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(f.chart, 'Ref', 'Files_Account') });
    new AzureFileVolume(f.chart, 'Share', { name: 'azure', shareName: 'azure-share', credentials: account });
    expectSynthErrors(f.chart, [
      '[test/Share] volumes[azure].csi.volumeAttributes[secretName]: Invalid value: "Files_Account": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    ]);
  });

  test('credentials missing (from JavaScript) are Required, naming the factories', () => {
    const f = fixture(V1_36);
    new AzureFileVolume(f.chart, 'Share', { name: 'azure', shareName: 'azure-share', credentials: undefined as any });
    expectSynthErrors(f.chart, [
      '[test/Share] volumes[azure].csi.volumeAttributes[secretName]: Required value: give credentials: AzureFileCredentials.fromAccountKey(...) or AzureFileCredentials.fromSecret(...)',
    ]);
  });

  test('the in-tree Pod volume refuses mount options, naming both ways out', () => {
    const f = fixture(V1_25);
    new AzureFileVolume(f.chart, 'Share', { name: 'azure', shareName: 'azure-share', credentials: f.account, mountOptions: ['uid=1000'] });
    captureWarnings(() => expectSynthErrors(f.chart, [
      '[test/Share] volumes[azure].azureFile: Forbidden: the in-tree azureFile Pod volume takes no mount options: use implementation VolumeImplementation.CSI (file.csi.azure.com reads them from volumeAttributes[mountOptions]), or an AzureFilePersistentVolume (spec.mountOptions)',
    ]));
  });

  test('a mount option with a comma is two options to the driver, and written as given', () => {
    const f = fixture(V1_26);
    seedDeployment(f, { mountOptions: ['uid=1000,gid=1000', 'mfsymlinks'] });
    expect(podSpec(synthValid(f.chart)).volumes[0].csi.volumeAttributes.mountOptions).toEqual('uid=1000,gid=1000,mfsymlinks');
  });

  test('bind and rbind, which the driver refuses in inline volumes, and an option the manifest cannot carry', () => {
    const f = fixture(V1_26);
    new AzureFileVolume(f.chart, 'Share', { name: 'azure', shareName: 'azure-share', credentials: f.account, mountOptions: ['bind', 'uid=0, RBind', 'cache=\u2028strict'] });
    const bind = 'file.csi.azure.com refuses "bind" and "rbind" in an inline volume\'s mount options: the share is always mounted over SMB';
    expectSynthErrors(f.chart, [
      `[test/Share] volumes[azure].csi.volumeAttributes[mountOptions]: Invalid value: "bind": ${bind}`,
      `[test/Share] volumes[azure].csi.volumeAttributes[mountOptions]: Invalid value: "RBind": ${bind}`,
      '[test/Share] volumes[azure].csi.volumeAttributes[mountOptions]: Invalid value: "cache=\\u2028strict": must not contain control characters, line separators (U+0085, U+2028, U+2029) or non-characters: cdk8s writes them so that YAML readers refuse or misread the manifest',
    ]);
  });

  test('an invalid volume name', () => {
    const f = fixture(V1_36);
    new AzureFileVolume(f.chart, 'Share', { name: 'Azure', shareName: 'azure-share', credentials: f.account });
    expectSynthErrors(f.chart, [
      '[test/Share] volumes[Azure].name: Invalid value: "Azure": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
    ]);
  });

  test.each([
    [V1_25, 'azureFile.secretName'],
    [V1_26, 'csi.volumeAttributes[secretName]'],
  ])('at %s the Secret must be in the Pod\'s namespace (%s)', (version, field) => {
    const f = fixture(version);
    const other = new Chart(f.chart.node.scope!, 'shared', { namespace: 'shared' });
    const account = AzureFileCredentials.fromSecret({ secret: new kplus.Secret(other, 'Account', { metadata: { name: 'azure-file-secret' } }) });
    seedDeployment(f, { credentials: account });
    captureWarnings(() => expectSynthErrors(f.chart, [
      `[test/Web] spec.template.spec.volumes[azure].${field}: Invalid value: "azure-file-secret": the Secret is in namespace "shared", and the kubelet reads it from the Pod's namespace "web"`,
    ]));
  });

  test('credentials from an account key make one Secret per namespace, where the volumes that use them are', () => {
    const f = fixture(V1_36);
    const other = new Chart(f.chart.node.scope!, 'shared', { namespace: 'shared' });
    seedDeployment(f);
    new AzureFileVolume(f.chart, 'Again', { shareName: 'azure-share', credentials: f.account });
    new AzureFileVolume(other, 'Share', { shareName: 'azure-share', credentials: f.account });
    const secrets = [...synthValid(f.chart), ...synthValid(other)].filter((d) => d.kind === 'Secret');
    expect(secrets.map((d) => [d.metadata.name, d.metadata.namespace])).toEqual([['azure-file-secret', 'web'], ['azure-file-secret', 'shared']]);
  });
});

describe('AzureFilePersistentVolume', () => {
  const MOUNT_OPTIONS = ['dir_mode=0777', 'file_mode=0777', 'uid=0', 'gid=0', 'mfsymlinks', 'cache=strict', 'nosharesock'];

  test.each([[V1_24], [V1_25]])('at %s: spec.azureFile with the Secret\'s namespace, and the deprecation warning', (version) => {
    const f = fixture(version);
    sharePv(f, { accessModes: [RWX, ROX], mountOptions: MOUNT_OPTIONS, readOnly: false });

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([`Warning: [test/Files] spec.azureFile: ${DEPRECATED} (target ${version})`]);
    expect(kinds(docs)).toEqual(['PersistentVolume', 'Secret']);
    expect(only(docs, 'Secret')).toEqual(SECRET);
    const pv = only(docs, 'PersistentVolume');
    expect(pv.apiVersion).toEqual('v1');
    expect(pv.metadata).toEqual({ name: 'azure-share' });
    expect(pv.spec).toEqual({
      accessModes: ['ReadWriteMany', 'ReadOnlyMany'],
      capacity: { storage: '100Gi' },
      azureFile: { secretName: 'azure-file-secret', secretNamespace: 'web', shareName: 'azure-share', readOnly: false },
      mountOptions: MOUNT_OPTIONS,
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    expectKeyOnlyInSecrets(docs);
  });

  // the driver reads <rg>#<account>#<share>#<diskName>#<uuid>#… (pkg/azurefile/azurefile.go GetFileShareInfo): the volume's
  // name goes into the uuid part, which no RPC reads, so two volumes of one share get two handles
  test.each([[V1_26], [V1_36]])('at %s: a static file.csi.azure.com volume, handle "<resourceGroup>#<account>#<share>##<volume name>"', (version) => {
    const f = fixture(version);
    const pv = sharePv(f, { accessModes: [RWX], mountOptions: MOUNT_OPTIONS, resourceGroup: 'rg-files' });
    expect(pv.volumeHandle).toEqual('rg-files#cdk8sstorage#azure-share##azure-share');

    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['PersistentVolume', 'Secret']);
    expect(only(docs, 'Secret')).toEqual(SECRET);
    expect(only(docs, 'PersistentVolume')).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'azure-share' },
      spec: {
        accessModes: ['ReadWriteMany'],
        capacity: { storage: '100Gi' },
        csi: {
          driver: DRIVER,
          volumeHandle: 'rg-files#cdk8sstorage#azure-share##azure-share',
          volumeAttributes: { shareName: 'azure-share', resourceGroup: 'rg-files' },
          nodeStageSecretRef: { name: 'azure-file-secret', namespace: 'web' },
        },
        mountOptions: MOUNT_OPTIONS,
        persistentVolumeReclaimPolicy: 'Retain',
        volumeMode: 'Filesystem',
      },
    });
    expectKeyOnlyInSecrets(docs);
  });

  test('at 1.25 the resource group goes into the annotation CSI migration reads', () => {
    const f = fixture(V1_25);
    sharePv(f, { resourceGroup: 'rg-files' });
    const { docs } = synthWithWarnings(f.chart);
    expect(only(docs, 'PersistentVolume').metadata).toEqual({ name: 'azure-share', annotations: { 'kubernetes.io/azure-file-resource-group': 'rg-files' } });
  });

  // with an empty resource group the driver reads the fifth part as the Secret's namespace (GetFileShareInfo, CSI
  // migration's format), so the volume's name goes into the sixth, which it does not read
  test('without a resource group the handle is "#<account>#<share>###<volume name>"; readOnly is written when given', () => {
    const f = fixture(V1_36);
    sharePv(f, { readOnly: true });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.csi).toEqual({
      driver: DRIVER,
      volumeHandle: '#cdk8sstorage#azure-share###azure-share',
      readOnly: true,
      volumeAttributes: { shareName: 'azure-share' },
      nodeStageSecretRef: { name: 'azure-file-secret', namespace: 'web' },
    });
  });

  test.each([[V1_25], [V1_26]])('at %s a Deployment mounts it through a bound claim', (version) => {
    const f = fixture(version);
    const pv = sharePv(f, { accessModes: [RWX], readOnly: true });
    const web = new kplus.Deployment(f.chart, 'Web', { containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });
    web.containers[0].mount('/data', pv);

    const { docs } = synthWithWarnings(f.chart);
    expect(kinds(docs)).toEqual(['PersistentVolume', 'Secret', 'PersistentVolumeClaim', 'Deployment']);
    const claim = only(docs, 'PersistentVolumeClaim');
    expect(only(docs, 'PersistentVolume').spec.claimRef).toEqual({ name: claim.metadata.name, namespace: 'web' });
    expect(claim.metadata.namespace).toEqual('web');
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '100Gi' } },
      storageClassName: '',
      volumeMode: 'Filesystem',
      volumeName: 'azure-share',
    });
    expect(podSpec(docs).volumes).toEqual([{ name: `pvc-${claim.metadata.name}`, persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: true } }]);
  });

  test('implementation IN_TREE at 1.36 keeps spec.azureFile, with the migration warning', () => {
    const f = fixture(V1_36);
    sharePv(f, { implementation: VolumeImplementation.IN_TREE });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([`Warning: [test/Files] spec.azureFile: ${MIGRATION_ONLY} (target 1.36): install the CSI driver ${DRIVER}`]);
    expect(only(docs, 'PersistentVolume').spec.azureFile).toEqual({ secretName: 'azure-file-secret', secretNamespace: 'web', shareName: 'azure-share' });
  });

  test('an existing Secret without a namespace: in-tree writes no secretNamespace (the claim\'s namespace is used)', () => {
    const f = fixture(V1_25, { noNamespace: true });
    const account = AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(f.chart, 'Ref', 'files-account') });
    sharePv(f, { credentials: account });
    const { docs } = synthWithWarnings(f.chart);
    expect(only(docs, 'PersistentVolume').spec.azureFile).toEqual({ secretName: 'files-account', shareName: 'azure-share' });
  });

  test('an existing Secret without a namespace: a CSI PersistentVolume requires one', () => {
    const f = fixture(V1_26, { noNamespace: true });
    const account = AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(f.chart, 'Ref', 'files-account') });
    sharePv(f, { credentials: account });
    expectSynthErrors(f.chart, [
      `[test/Files] spec.csi.nodeStageSecretRef.namespace: Required value: a CSI volume names its Secret with a namespace: ${NAMESPACE_FIX}`,
    ]);
  });

  test('an existing Secret with a namespace, without an account: the handle is the PersistentVolume\'s name', () => {
    const f = fixture(V1_36, { noNamespace: true });
    const account = AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(f.chart, 'Ref', 'files-account'), namespace: 'files' });
    sharePv(f, { credentials: account });
    const docs = synthValid(f.chart);
    expect(kinds(docs)).toEqual(['PersistentVolume']);
    expect(only(docs, 'PersistentVolume').spec.csi).toEqual({
      driver: DRIVER,
      volumeHandle: 'azure-share',
      volumeAttributes: { shareName: 'azure-share' },
      nodeStageSecretRef: { name: 'files-account', namespace: 'files' },
    });
  });

  test('an existing Secret with the account name: the driver\'s handle format', () => {
    const f = fixture(V1_36);
    const account = AzureFileCredentials.fromSecret({
      secret: kplus.Secret.fromSecretName(f.chart, 'Ref', 'files-account'), namespace: 'files', accountName: 'otheraccount',
    });
    expect(sharePv(f, { credentials: account }).volumeHandle).toEqual('#otheraccount#azure-share###azure-share');
  });

  test('in-tree at 1.25 an empty secretNamespace is Required; an invalid one is Invalid', () => {
    const f = fixture(V1_25);
    const ref = kplus.Secret.fromSecretName(f.chart, 'Ref', 'files-account');
    sharePv(f, { credentials: AzureFileCredentials.fromSecret({ secret: ref, namespace: '' }) });
    new AzureFilePersistentVolume(f.chart, 'Other', {
      shareName: 'azure-share',
      storage: Size.gibibytes(1),
      metadata: { name: 'other' },
      credentials: AzureFileCredentials.fromSecret({ secret: ref, namespace: 'Files' }),
    });
    captureWarnings(() => expectSynthErrors(f.chart, [
      '[test/Files] spec.azureFile.secretNamespace: Required value',
      '[test/Other] spec.azureFile.secretNamespace: Invalid value: "Files": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
    ]));
  });

  test.each([
    [V1_25, 'spec.azureFile.shareName', 'spec.azureFile.secretName'],
    [V1_26, 'spec.csi.volumeAttributes[shareName]', 'spec.csi.nodeStageSecretRef.name'],
  ])('at %s: kube-apiserver\'s Required share and Secret names (%s, %s)', (version, sharePath, secretPath) => {
    const f = fixture(version);
    const account = AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(f.chart, 'Ref', ''), namespace: 'web' });
    sharePv(f, { shareName: '', credentials: account, volumeHandle: 'files' });
    captureWarnings(() => expectSynthErrors(f.chart, [`[test/Files] ${sharePath}: Required value`, `[test/Files] ${secretPath}: Required value`]));
  });

  test('a share name Azure would refuse, on the PersistentVolume', () => {
    const f = fixture(V1_36);
    sharePv(f, { shareName: 'Azure_Share', volumeHandle: 'files' });
    expectSynthErrors(f.chart, [`[test/Files] spec.csi.volumeAttributes[shareName]: Invalid value: "Azure_Share": ${SHARE_MSG}`]);
  });

  test.each([['cdk8sstorage_azure-share'], ['files#1'], ['rg#cdk8sstorage#azure-share'], ['#cdk8sstorage#azure-share#disk.vhd#uuid#web']])('the user\'s volume handle %j is written as given', (handle) => {
    const f = fixture(V1_36);
    sharePv(f, { volumeHandle: handle });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.csi.volumeHandle).toEqual(handle);
  });

  test('a handle in the driver\'s format that names another share, and an empty one, are refused', () => {
    const f = fixture(V1_36);
    sharePv(f, { volumeHandle: 'rg#cdk8sstorage#other-share' });
    new AzureFilePersistentVolume(f.chart, 'More', { shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(1), metadata: { name: 'more' }, volumeHandle: 'rg#cdk8sstorage#other#disk.vhd' });
    new AzureFilePersistentVolume(f.chart, 'Empty', { shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(1), metadata: { name: 'empty' }, volumeHandle: '' });
    const why = 'file.csi.azure.com reads a handle with two or more \'#\' as "<resourceGroup>#<account>#<share>", and its share must be "azure-share": the driver deletes and resizes the share the handle names; use that format or a handle with fewer \'#\'';
    expectSynthErrors(f.chart, [
      `[test/Files] spec.csi.volumeHandle: Invalid value: "rg#cdk8sstorage#other-share": ${why}`,
      `[test/More] spec.csi.volumeHandle: Invalid value: "rg#cdk8sstorage#other#disk.vhd": ${why}`,
      '[test/Empty] spec.csi.volumeHandle: Required value',
    ]);
  });

  // SMB mounts with the Secret's account (azurefile.go GetAccountInfo: getStorageAccount(secrets)), while DeleteVolume and
  // ControllerExpandVolume act on the handle's account (controllerserver.go)
  test('a handle in the driver\'s format that names another account than the credentials\' is refused', () => {
    const f = fixture(V1_36);
    sharePv(f, { volumeHandle: 'rg#acct#azure-share' });
    expectSynthErrors(f.chart, [
      '[test/Files] spec.csi.volumeHandle: Invalid value: "rg#acct#azure-share": file.csi.azure.com reads a handle with two or more \'#\' as "<resourceGroup>#<account>#<share>", and its account must be "cdk8sstorage": the driver deletes and resizes the share the handle names; use that format or a handle with fewer \'#\'',
    ]);
  });

  test('two PersistentVolumes of one share get two default handles', () => {
    const f = fixture(V1_36);
    const a = sharePv(f, { metadata: { name: 'share-a' }, readOnly: true });
    const b = new AzureFilePersistentVolume(f.chart, 'B', { shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(100), metadata: { name: 'share-b' } });
    expect([a.volumeHandle, b.volumeHandle]).toEqual(['#cdk8sstorage#azure-share###share-a', '#cdk8sstorage#azure-share###share-b']);
    expect(synthValid(f.chart).filter((d) => d.kind === 'PersistentVolume').map((d) => d.spec.csi.volumeHandle))
      .toEqual(['#cdk8sstorage#azure-share###share-a', '#cdk8sstorage#azure-share###share-b']);
  });

  test('an empty resource group is the node resource group, in both forms: a warning', () => {
    const f = fixture(V1_25);
    sharePv(f, { resourceGroup: '' });
    new AzureFilePersistentVolume(f.chart, 'Csi', {
      shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(1), metadata: { name: 'csi' }, resourceGroup: '', implementation: VolumeImplementation.CSI,
    });
    const { docs, warnings } = synthWithWarnings(f.chart);
    const why = '"" is the same as unset: the cluster\'s node resource group is used; name the resource group, or leave resourceGroup unset';
    expect(warnings).toEqual([
      `Warning: [test/Files] spec.azureFile: ${DEPRECATED} (target 1.25)`,
      `Warning: [test/Files] metadata.annotations[kubernetes.io/azure-file-resource-group]: ${why}`,
      `Warning: [test/Csi] spec.csi.volumeAttributes[resourceGroup]: ${why}`,
    ]);
    expect(only(docs, 'PersistentVolume', 'csi').spec.csi.volumeHandle).toEqual('#cdk8sstorage#azure-share###csi');
  });

  test.each([
    [V1_25, 'metadata.annotations[kubernetes.io/azure-file-resource-group]'],
    [V1_26, 'spec.csi.volumeAttributes[resourceGroup]'],
  ])('at %s a resource group with "#" would split the volume handle (%s)', (version, path) => {
    const f = fixture(version);
    sharePv(f, { resourceGroup: 'rg#files' });
    captureWarnings(() => expectSynthErrors(f.chart, [
      `[test/Files] ${path}: Invalid value: "rg#files": must not contain '#': file.csi.azure.com and CSI migration write and read volume handles "<resourceGroup>#<account>#<share>" split at '#'`,
    ]));
  });

  test('in-tree: ReadWriteOncePod and Block are refused with the reason; RWO, ROX, RWX are served', () => {
    const f = fixture(V1_25);
    sharePv(f, { accessModes: [RWOP], volumeMode: kplus.PersistentVolumeMode.BLOCK });
    new AzureFilePersistentVolume(f.chart, 'All', { shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(1), metadata: { name: 'all' }, accessModes: [RWO, ROX, RWX] });
    captureWarnings(() => expectSynthErrors(f.chart, [
      // at 1.25 kube-apiserver itself refuses ReadWriteOncePod, before the plugin's access modes count
      '[test/Files] spec.accessModes[0]: Unsupported value: "ReadWriteOncePod": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce"; ReadWriteOncePod is served from 1.27 (target 1.25): its feature gate is off before',
      '[test/Files] spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; an Azure file share is an SMB file system; use an Azure Disk for a raw block device',
    ]));
  });

  test('CSI: ReadWriteOncePod is served (the driver declares SINGLE_NODE_SINGLE_WRITER); Block is not', () => {
    const ok = fixture(V1_36);
    sharePv(ok, { accessModes: [RWOP] });
    expect(only(synthValid(ok.chart), 'PersistentVolume').spec.accessModes).toEqual(['ReadWriteOncePod']);
    const f = fixture(V1_36);
    sharePv(f, { volumeMode: kplus.PersistentVolumeMode.BLOCK });
    expectSynthErrors(f.chart, [
      '[test/Files] spec.volumeMode: Unsupported value: "Block": supported values: "Filesystem"; an Azure file share is an SMB file system; use an Azure Disk for a raw block device',
    ]);
  });

  test.each([[V1_25, 'spec.azureFile'], [V1_26, 'spec.csi']])('at %s the Delete reclaim policy warns that the share goes with the claim', (version) => {
    const f = fixture(version);
    sharePv(f, { reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.DELETE });
    const { docs, warnings } = synthWithWarnings(f.chart);
    const deleteWarning = 'Warning: [test/Files] spec.persistentVolumeReclaimPolicy: Delete deletes the Azure file share "azure-share" and its data when the claim is deleted; use Retain for a share that outlives the claim';
    expect(warnings).toEqual(version === V1_25 ? [`Warning: [test/Files] spec.azureFile: ${DEPRECATED} (target 1.25)`, deleteWarning] : [deleteWarning]);
    expect(only(docs, 'PersistentVolume').spec.persistentVolumeReclaimPolicy).toEqual('Delete');
  });
});

describe('AzureFileCredentials', () => {
  test('one Secret for every volume that uses the credentials', () => {
    const f = fixture(V1_26);
    seedDeployment(f);
    sharePv(f).reserve();
    const docs = synthValid(f.chart);
    expect(kinds(docs)).toEqual(['Secret', 'Deployment', 'PersistentVolume', 'PersistentVolumeClaim']);
    expect(f.account.accountName).toEqual(ACCOUNT);
    expectKeyOnlyInSecrets(docs);
  });

  test('without secretName the Secret is named from the construct path', () => {
    const chart = storageChart({ kubernetesVersion: V1_36, namespace: 'web' });
    const account = AzureFileCredentials.fromAccountKey({ accountName: ACCOUNT, accountKey: KEY });
    new AzureFileVolume(chart, 'Share', { name: 'azure', shareName: 'azure-share', credentials: account });
    const secret = only(synthValid(chart), 'Secret');
    expect(secret.metadata.name).toMatch(/^test-share-accountsecret-c8[0-9a-f]+$/);
  });

  test('an account name Azure would refuse, a key that is not base64, and empty values; the key is never printed', () => {
    const chart = storageChart({ kubernetesVersion: V1_36, namespace: 'web' });
    const use = (id: string, credentials: AzureFileCredentials) => new AzureFileVolume(chart, id, { shareName: 'azure-share', credentials });
    use('Bad', AzureFileCredentials.fromAccountKey({ accountName: 'My_Account', accountKey: `DefaultEndpointsProtocol=https;AccountKey=${KEY}`, secretName: 'bad' }));
    use('Empty', AzureFileCredentials.fromAccountKey({ accountName: '', accountKey: '', secretName: 'empty' }));
    use('Existing', AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(chart, 'Ref', 'files'), accountName: 'ab' }));
    expectSynthErrors(chart, [
      `[test/Bad/AccountSecret] stringData[azurestorageaccountname]: Invalid value: "My_Account": ${ACCOUNT_MSG}`,
      '[test/Bad/AccountSecret] stringData[azurestorageaccountkey]: Invalid value: <redacted>: must be one of the storage account\'s access keys, in base64 as the Azure portal shows it under "Access keys" (not a connection string or SAS token)',
      '[test/Empty/AccountSecret] stringData[azurestorageaccountname]: Required value: give the storage account\'s name',
      '[test/Empty/AccountSecret] stringData[azurestorageaccountkey]: Required value: give one of the storage account\'s access keys',
      `[test/Existing] accountName: Invalid value: "ab": ${ACCOUNT_MSG}`,
    ]);
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain(KEY);
  });
});

describe('AzureFileStorageClass', () => {
  test('every parameter, the mount options and the class fields', () => {
    const chart = storageChart({ kubernetesVersion: V1_36, namespace: 'web' });
    new AzureFileStorageClass(chart, 'Files', {
      metadata: { name: 'azurefile-premium' },
      skuName: AzureFileSkuName.PREMIUM_LRS,
      protocol: AzureFileProtocol.SMB,
      storageAccount: ACCOUNT,
      resourceGroup: 'rg-files',
      subscriptionId: '00000000-0000-0000-0000-000000000000',
      location: 'westeurope',
      shareName: '${pvc.metadata.namespace}-${pvc.metadata.name}',
      secretName: 'azure-files-key',
      secretNamespace: 'kube-system',
      tags: { team: 'storage', env: 'prod' },
      enableLargeFileShares: true,
      parameters: { networkEndpointType: 'privateEndpoint' },
      mountOptions: ['dir_mode=0777', 'file_mode=0777', 'mfsymlinks'],
      allowVolumeExpansion: true,
      reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.RETAIN,
    });

    const { docs, warnings } = synthWithWarnings(chart);
    expect(warnings).toEqual([]);
    expect(docs).toEqual([{
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'azurefile-premium' },
      provisioner: DRIVER,
      parameters: {
        skuName: 'Premium_LRS',
        protocol: 'smb',
        storageAccount: ACCOUNT,
        resourceGroup: 'rg-files',
        subscriptionID: '00000000-0000-0000-0000-000000000000',
        location: 'westeurope',
        shareName: '${pvc.metadata.namespace}-${pvc.metadata.name}',
        secretName: 'azure-files-key',
        secretNamespace: 'kube-system',
        tags: 'team=storage,env=prod',
        enableLargeFileShares: 'true',
        networkEndpointType: 'privateEndpoint',
      },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
      mountOptions: ['dir_mode=0777', 'file_mode=0777', 'mfsymlinks'],
    }]);
  });

  test.each([[V1_24], [V1_36]])('at %s without props: the provisioner alone', (version) => {
    const chart = storageChart({ kubernetesVersion: version });
    new AzureFileStorageClass(chart, 'Files', { metadata: { name: 'azurefile' } });
    expect(synthValid(chart)).toEqual([{
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'azurefile' },
      provisioner: DRIVER,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    }]);
  });

  test('credentials become the provisioner and node-stage Secret parameters; the key stays in the Secret', () => {
    const f = fixture(V1_36);
    new AzureFileStorageClass(f.chart, 'Files', { metadata: { name: 'azurefile' }, credentials: f.account, storageAccount: ACCOUNT });
    const docs = synthValid(f.chart);
    expect(kinds(docs)).toEqual(['StorageClass', 'Secret']);
    expect(only(docs, 'StorageClass').parameters).toEqual({
      'storageAccount': ACCOUNT,
      'csi.storage.k8s.io/provisioner-secret-name': 'azure-file-secret',
      'csi.storage.k8s.io/provisioner-secret-namespace': 'web',
      'csi.storage.k8s.io/node-stage-secret-name': 'azure-file-secret',
      'csi.storage.k8s.io/node-stage-secret-namespace': 'web',
    });
    expectKeyOnlyInSecrets(docs);
  });

  test('credentials in a Chart without a namespace, and an existing Secret without a name', () => {
    const f = fixture(V1_36, { noNamespace: true });
    new AzureFileStorageClass(f.chart, 'Files', { credentials: f.account });
    const nameless = AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(f.chart, 'Ref', ''), namespace: 'web' });
    new AzureFileStorageClass(f.chart, 'Nameless', { credentials: nameless });
    expectSynthErrors(f.chart, [
      `[test/Files] parameters[csi.storage.k8s.io/provisioner-secret-namespace]: Required value: a StorageClass names its Secrets with a namespace: ${NAMESPACE_FIX}`,
      '[test/Nameless] parameters[csi.storage.k8s.io/provisioner-secret-name]: Required value',
    ]);
  });

  test('NFS with a Premium SKU', () => {
    const chart = storageChart({ kubernetesVersion: V1_36 });
    new AzureFileStorageClass(chart, 'Nfs', { skuName: AzureFileSkuName.PREMIUM_ZRS, protocol: AzureFileProtocol.NFS, storageAccount: ACCOUNT });
    expect(only(synthValid(chart), 'StorageClass').parameters).toEqual({ skuName: 'Premium_ZRS', protocol: 'nfs', storageAccount: ACCOUNT });
  });

  test('NFS with a Standard SKU is refused (as the driver does); the Secret parameters are the driver\'s to use or ignore', () => {
    const f = fixture(V1_36);
    new AzureFileStorageClass(f.chart, 'Nfs', {
      skuName: AzureFileSkuName.of('StandardV2_LRS'), protocol: AzureFileProtocol.NFS, secretName: 'key', secretNamespace: 'web', credentials: f.account,
    });
    new AzureFileStorageClass(f.chart, 'Other', { skuName: AzureFileSkuName.of('Custom_LRS'), protocol: AzureFileProtocol.NFS });
    expectSynthErrors(f.chart, [
      '[test/Nfs] parameters[skuName]: Invalid value: "StandardV2_LRS": must be a Premium SKU for protocol "nfs": Azure serves NFS shares from premium storage accounts only',
    ]);
  });

  test('parameter formats: SKU, account, share, Secret names, subscription without resource group, tags', () => {
    const chart = storageChart({ kubernetesVersion: V1_36 });
    new AzureFileStorageClass(chart, 'Files', {
      storageAccount: 'My-Account',
      shareName: 'Share',
      secretName: 'Key_Secret',
      secretNamespace: 'Kube-System',
      subscriptionId: '00000000-0000-0000-0000-000000000000',
      tags: { 'team': 'a,b', '': 'x', 'k=v': 'y', ' ': 'z', 'url': 'a=b' },
    });
    const subdomain = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
    const label = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')';
    const tags = 'tag keys must be non-empty and hold no \'=\' or ",", and values no ",": file.csi.azure.com reads tags as "key=value,key=value"';
    expectSynthErrors(chart, [
      `[test/Files] parameters[storageAccount]: Invalid value: "My-Account": ${ACCOUNT_MSG}`,
      `[test/Files] parameters[shareName]: Invalid value: "Share": ${SHARE_MSG}`,
      `[test/Files] parameters[secretName]: Invalid value: "Key_Secret": ${subdomain}`,
      `[test/Files] parameters[secretNamespace]: Invalid value: "Kube-System": ${label}`,
      '[test/Files] parameters[resourceGroup]: Required value: file.csi.azure.com needs the storage account\'s resource group when subscriptionID is given',
      `[test/Files] parameters[tags]: Invalid value: "team=a,b": ${tags}`,
      `[test/Files] parameters[tags]: Invalid value: "=x": ${tags}`,
      `[test/Files] parameters[tags]: Invalid value: "k=v=y": ${tags}`,
      `[test/Files] parameters[tags]: Invalid value: " =z": ${tags}`,
    ]);
  });

  test('the SKUs and what serves NFS', () => {
    expect([AzureFileSkuName.STANDARD_LRS, AzureFileSkuName.STANDARD_ZRS, AzureFileSkuName.STANDARD_GRS, AzureFileSkuName.STANDARD_RAGRS,
      AzureFileSkuName.STANDARD_RAGZRS, AzureFileSkuName.PREMIUM_LRS, AzureFileSkuName.PREMIUM_ZRS, AzureFileSkuName.of('PremiumV2_LRS')]
      .map((s) => `${s}:${s.premium}`)).toEqual([
      'Standard_LRS:false', 'Standard_ZRS:false', 'Standard_GRS:false', 'Standard_RAGRS:false',
      'Standard_RAGZRS:false', 'Premium_LRS:true', 'Premium_ZRS:true', 'PremiumV2_LRS:true',
    ]);
  });

  test('createClaim asks for the class; no PersistentVolume is written', () => {
    const chart = storageChart({ kubernetesVersion: V1_36, namespace: 'web' });
    const files = new AzureFileStorageClass(chart, 'Files', { metadata: { name: 'azurefile' } });
    files.createClaim(chart, 'Data', { storage: Size.gibibytes(100), accessModes: [RWX] });
    const claim = only(synthValid(chart), 'PersistentVolumeClaim');
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '100Gi' } },
      storageClassName: 'azurefile',
      volumeMode: 'Filesystem',
    });
  });
});

describe('Azure File props as JavaScript and Python callers may pass them', () => {
  const x = (v: unknown) => v as any;
  const CREDS = 'must be AzureFileCredentials (AzureFileCredentials.fromAccountKey(...) or AzureFileCredentials.fromSecret(...))';
  const GIVE_CREDENTIALS = 'Required value: give credentials: AzureFileCredentials.fromAccountKey(...) or AzureFileCredentials.fromSecret(...)';

  test('the Pod volume\'s props of other types are field errors in the CSI form', () => {
    const f = fixture(V1_36);
    new AzureFileVolume(f.chart, 'Share', x({ name: 'azure', shareName: 5, readOnly: 'yes', credentials: 'azure-file-secret', implementation: 'CSI', mountOptions: 'uid=1000' }));
    new AzureFileVolume(f.chart, 'Options', x({ name: 'options', shareName: 'azure-share', credentials: f.account, mountOptions: ['uid=1000', null] }));
    expectSynthErrors(f.chart, [
      '[test/Share] volumes[azure].csi.volumeAttributes[shareName]: Invalid value: 5: must be a string such as "azure-share" (got a number)',
      '[test/Share] volumes[azure].csi.readOnly: Invalid value: "yes": must be true or false (got a string)',
      `[test/Share] volumes[azure].csi.volumeAttributes[secretName]: Invalid value: "azure-file-secret": ${CREDS} (got a string)`,
      '[test/Share] volumes[azure].csi: Unsupported value: "CSI": supported values: "auto", "in-tree", "csi"; the implementation prop (VolumeImplementation.AUTO, IN_TREE or CSI) decides which form is written',
      '[test/Share] volumes[azure].csi.volumeAttributes[mountOptions]: Invalid value: "uid=1000": must be a list of mount options, such as ["uid=1000", "mfsymlinks"] (got a string)',
      '[test/Options] volumes[options].csi.volumeAttributes[mountOptions][1]: Invalid value: null: must be a string such as "uid=1000" (got null)',
    ]);
  });

  test('in the in-tree form, mount options of another type name the prop', () => {
    const f = fixture(V1_25);
    new AzureFileVolume(f.chart, 'Share', x({ name: 'azure', shareName: 'azure-share', credentials: f.account, mountOptions: [1] }));
    captureWarnings(() => expectSynthErrors(f.chart, [
      '[test/Share] volumes[azure].azureFile.mountOptions[0]: Invalid value: 1: must be a string such as "uid=1000" (got a number)',
      '[test/Share] volumes[azure].azureFile: Forbidden: the in-tree azureFile Pod volume takes no mount options: use implementation VolumeImplementation.CSI (file.csi.azure.com reads them from volumeAttributes[mountOptions]), or an AzureFilePersistentVolume (spec.mountOptions)',
    ]));
  });

  test.each([[null], [undefined], [5]])('props %p are no props: the share and the credentials are Required', (props) => {
    const f = fixture(V1_36);
    const share = new AzureFileVolume(f.chart, 'Share', x(props));
    new AzureFilePersistentVolume(f.chart, 'Files', x(props));
    expect(share.mountOptions).toEqual([]);
    expectSynthErrors(f.chart, [
      `[test/Share] volumes[${share.name}].csi.volumeAttributes[shareName]: Required value`,
      `[test/Share] volumes[${share.name}].csi.volumeAttributes[secretName]: ${GIVE_CREDENTIALS}`,
      '[test/Files] spec.capacity: Required value',
      '[test/Files] spec.csi.volumeAttributes[shareName]: Required value',
      `[test/Files] spec.csi.nodeStageSecretRef.name: ${GIVE_CREDENTIALS}`,
    ]);
  });

  test('the PersistentVolume\'s resource group, handle and readOnly of other types; a claim mounts it read-write', () => {
    const f = fixture(V1_36);
    const pv = sharePv(f, x({ resourceGroup: 5, volumeHandle: 7, readOnly: 'no' }));
    const web = new kplus.Deployment(f.chart, 'Web', { replicas: 1, containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });
    web.addVolume(pv.asVolume());
    const old = fixture(V1_25);
    sharePv(old, x({ resourceGroup: 5, volumeHandle: 7 }));
    expect((pv.asVolume() as any)._toKube().persistentVolumeClaim.readOnly).toEqual(false);
    expectSynthErrors(f.chart, [
      '[test/Files] spec.csi.readOnly: Invalid value: "no": must be true or false (got a string)',
      '[test/Files] spec.csi.volumeAttributes[resourceGroup]: Invalid value: 5: must be a string such as "rg-files" (got a number)',
      '[test/Files] spec.csi.volumeHandle: Invalid value: 7: must be a string (got a number)',
    ]);
    captureWarnings(() => expectSynthErrors(old.chart, [
      '[test/Files] metadata.annotations[kubernetes.io/azure-file-resource-group]: Invalid value: 5: must be a string such as "rg-files" (got a number)',
    ]));
  });

  test('fromAccountKey: options, names and keys of other types are reported on the Secret, the key redacted', () => {
    const chart = storageChart({ kubernetesVersion: V1_36, namespace: 'web' });
    const use = (id: string, credentials: AzureFileCredentials) => new AzureFileVolume(chart, id, { shareName: 'azure-share', credentials });
    use('Five', AzureFileCredentials.fromAccountKey(x(5)));
    const typed = AzureFileCredentials.fromAccountKey(x({ accountName: 5, accountKey: { key: KEY }, secretName: 6 }));
    use('Typed', typed);
    expect(typed.accountName).toBeUndefined();
    const errors = synthErrors(chart);
    expect(errors.sort()).toEqual([
      '[test/Five/AccountSecret] stringData: Invalid value: <redacted>: AzureFileCredentials.fromAccountKey takes options { accountName, accountKey } (got a number)',
      '[test/Five/AccountSecret] stringData[azurestorageaccountname]: Required value: give the storage account\'s name',
      '[test/Five/AccountSecret] stringData[azurestorageaccountkey]: Required value: give one of the storage account\'s access keys',
      '[test/Typed/AccountSecret] stringData[azurestorageaccountname]: Invalid value: <redacted>: must be a string (got a number)',
      '[test/Typed/AccountSecret] stringData[azurestorageaccountkey]: Invalid value: <redacted>: must be a string (got an object)',
      '[test/Typed/AccountSecret] metadata.name: Invalid value: 6: must be a string, a DNS subdomain (got a number)',
    ].sort());
    expect(errors.join('\n')).not.toContain(KEY);
  });

  test('fromAccountKey: the driver trims the account name and key; a blank name is refused', () => {
    const chart = storageChart({ kubernetesVersion: V1_36, namespace: 'web' });
    const use = (id: string, credentials: AzureFileCredentials) => new AzureFileVolume(chart, id, { shareName: 'azure-share', credentials });
    use('Padded', AzureFileCredentials.fromAccountKey({ accountName: ` ${ACCOUNT} `, accountKey: ` ${KEY}\n`, secretName: 'padded' }));
    expect(only(synthValid(chart), 'Secret').stringData).toEqual({ azurestorageaccountname: ` ${ACCOUNT} `, azurestorageaccountkey: ` ${KEY}\n` });
    use('Blank', AzureFileCredentials.fromAccountKey({ accountName: '  ', accountKey: KEY, secretName: 'blank' }));
    expectSynthErrors(chart, ['[test/Blank/AccountSecret] stringData[azurestorageaccountname]: Invalid value: "  ": must not be blank: file.csi.azure.com trims it to an empty account name']);
  });

  test('fromSecret: a secret that is no Secret, a namespace and an account name of other types, options that are none', () => {
    const f = fixture(V1_25);
    const pv = (id: string, credentials: AzureFileCredentials) =>
      new AzureFilePersistentVolume(f.chart, id, { shareName: 'azure-share', storage: Size.gibibytes(1), metadata: { name: id.toLowerCase() }, credentials });
    pv('Files', AzureFileCredentials.fromSecret(x({ secret: 'files-account', namespace: 5, accountName: 5 })));
    pv('Null', AzureFileCredentials.fromSecret(x(null)));
    pv('Num', AzureFileCredentials.fromSecret(x(7)));
    captureWarnings(() => expectSynthErrors(f.chart, [
      '[test/Files] accountName: Invalid value: 5: must be a string such as "mystorageaccount" (got a number)',
      '[test/Files] spec.azureFile.secretName: Invalid value: "files-account": must be a Secret: a cdk8s-plus-27 Secret of this app, or kplus.Secret.fromSecretName(scope, id, name) (got a string)',
      '[test/Files] spec.azureFile.secretNamespace: Invalid value: 5: must be a string, a namespace (got a number)',
      '[test/Null] spec.azureFile.secretName: Required value: give the existing Secret: AzureFileCredentials.fromSecret({ secret })',
      '[test/Num] spec.azureFile.secretName: Invalid value: 7: must be options { secret, namespace, accountName } for AzureFileCredentials.fromSecret (got a number)',
    ]));
  });

  test('fromSecret with an empty namespace: Required where a namespace is written, nothing for a Pod volume', () => {
    const f = fixture(V1_36);
    const empty = (id: string) => AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(f.chart, `${id}Ref`, 'files-account'), namespace: '' });
    sharePv(f, { credentials: empty('ForPv') });
    new AzureFileStorageClass(f.chart, 'Class', { credentials: empty('ForClass') });
    new AzureFileVolume(f.chart, 'Share', { name: 'azure', shareName: 'azure-share', credentials: empty('ForPod') });
    expectSynthErrors(f.chart, [
      '[test/Files] spec.csi.nodeStageSecretRef.namespace: Required value',
      '[test/Class] parameters[csi.storage.k8s.io/provisioner-secret-namespace]: Required value',
    ]);
  });

  test('the StorageClass\'s props of other types; parameters that are no strings are left out, not written', () => {
    const chart = storageChart({ kubernetesVersion: V1_36 });
    new AzureFileStorageClass(chart, 'Files', x({
      metadata: { name: 'files' },
      skuName: 'Premium_LRS',
      protocol: 'NFS',
      storageAccount: 5,
      resourceGroup: true,
      subscriptionId: 1,
      location: [],
      shareName: 3,
      secretName: 4,
      secretNamespace: {},
      tags: 'a=b',
      enableLargeFileShares: 'true',
      credentials: {},
      parameters: { a: 1, networkEndpointType: 'privateEndpoint' },
    }));
    new AzureFileStorageClass(chart, 'Other', x({ metadata: { name: 'other' }, skuName: AzureFileSkuName.of(x(5)), tags: { team: 1 }, parameters: 'x' }));
    expect(String(AzureFileSkuName.of(x(5)))).toEqual('5');
    expect(AzureFileSkuName.of(x(5)).premium).toBe(false);
    expectSynthErrors(chart, [
      '[test/Files] parameters[skuName]: Invalid value: "Premium_LRS": must be an AzureFileSkuName, such as AzureFileSkuName.PREMIUM_LRS or AzureFileSkuName.of("PremiumV2_LRS") (got a string)',
      '[test/Files] parameters[protocol]: Unsupported value: "NFS": supported values: "smb", "nfs"; file.csi.azure.com mounts smb and nfs shares (AzureFileProtocol.SMB, NFS)',
      '[test/Files] parameters[storageAccount]: Invalid value: 5: must be a string such as "mystorageaccount" (got a number)',
      '[test/Files] parameters[resourceGroup]: Invalid value: true: must be a string (got a boolean)',
      '[test/Files] parameters[subscriptionID]: Invalid value: 1: must be a string (got a number)',
      '[test/Files] parameters[location]: Invalid value: []: must be a string such as "westeurope" (got a list)',
      '[test/Files] parameters[shareName]: Invalid value: 3: must be a string such as "azure-share" (got a number)',
      '[test/Files] parameters[secretName]: Invalid value: 4: must be a string, a DNS subdomain (got a number)',
      '[test/Files] parameters[secretNamespace]: Invalid value: {}: must be a string, a namespace (got an object)',
      '[test/Files] parameters[tags]: Invalid value: "a=b": must be a map of strings to strings (got a string)',
      '[test/Files] parameters[enableLargeFileShares]: Invalid value: "true": must be true or false (got a string)',
      `[test/Files] parameters[csi.storage.k8s.io/provisioner-secret-name]: Invalid value: {}: ${CREDS} (got an object)`,
      '[test/Files] parameters[a]: Invalid value: 1: must be a string (got a number)',
      '[test/Other] parameters[skuName]: Invalid value: {"name":5}: must be an AzureFileSkuName, such as AzureFileSkuName.PREMIUM_LRS or AzureFileSkuName.of("PremiumV2_LRS") (got an object)',
      '[test/Other] parameters[tags][team]: Invalid value: 1: must be a string (got a number)',
      '[test/Other] parameters: Invalid value: "x": must be a map of strings to strings (got a string)',
    ]);
  });

  test('props that are no object are no props: the provisioner alone', () => {
    const chart = storageChart({ kubernetesVersion: V1_36 });
    new AzureFileStorageClass(chart, 'Files', x(5));
    expect(only(synthValid(chart), 'StorageClass').provisioner).toEqual(DRIVER);
  });
});

describe('AzureFileStorageClass parameters the driver defaults or refuses', () => {
  test('"" for a parameter the driver defaults is the same as unset: a warning each', () => {
    const chart = storageChart({ kubernetesVersion: V1_36 });
    new AzureFileStorageClass(chart, 'Files', {
      metadata: { name: 'files' }, skuName: AzureFileSkuName.of(''), storageAccount: '', shareName: '', secretName: '', secretNamespace: '', subscriptionId: '', resourceGroup: '', location: '',
    });
    const { warnings } = synthWithWarnings(chart);
    const unset = (param: string, instead: string) => `Warning: [test/Files] parameters[${param}]: "" is the same as unset: ${instead}; give a value, or leave it unset`;
    expect(warnings).toEqual([
      unset('skuName', 'the driver uses Standard_LRS (Premium_LRS for nfs)'),
      unset('storageAccount', 'the driver finds or creates a matching account'),
      unset('shareName', 'the driver names each share after its volume'),
      unset('secretName', 'the driver names the Secret azure-storage-account-<account>-secret'),
      unset('secretNamespace', 'the driver uses the claim\'s namespace'),
      unset('resourceGroup', 'the driver uses the cluster\'s node resource group'),
      unset('subscriptionID', 'the driver uses the cluster\'s subscription'),
      unset('location', 'the driver uses the cluster\'s region'),
    ]);
  });

  test('a parameter the driver does not know (names are case-insensitive) is a warning', () => {
    const chart = storageChart({ kubernetesVersion: V1_36 });
    new AzureFileStorageClass(chart, 'Files', { metadata: { name: 'files' }, parameters: { 'SKUNAME': 'Premium_LRS', 'networkEndpointType': 'privateEndpoint', 'skuNmae': 'x', 'csi.storage.k8s.io/fstype': 'ext4' } });
    expect(synthWithWarnings(chart).warnings).toEqual([
      'Warning: [test/Files] parameters[skuNmae]: file.csi.azure.com knows no parameter of this name: its CreateVolume refuses every claim of the class ("invalid parameter"); see docs/driver-parameters.md of the driver',
    ]);
  });

  test('tags are joined and split at tagValueDelimiter when the parameters set one', () => {
    const ok = storageChart({ kubernetesVersion: V1_36 });
    new AzureFileStorageClass(ok, 'Files', { metadata: { name: 'files' }, tags: { team: 'a,b', env: 'prod' }, parameters: { tagValueDelimiter: ';' } });
    expect(only(synthValid(ok), 'StorageClass').parameters).toEqual({ tags: 'team=a,b;env=prod', tagValueDelimiter: ';' });
    const chart = storageChart({ kubernetesVersion: V1_36 });
    new AzureFileStorageClass(chart, 'Files', { metadata: { name: 'files' }, tags: { team: 'a,b', env: 'x;y' }, parameters: { tagValueDelimiter: ';' } });
    expectSynthErrors(chart, [
      '[test/Files] parameters[tags]: Invalid value: "env=x;y": tag keys must be non-empty and hold no \'=\' or ";", and values no ";": file.csi.azure.com reads tags as "key=value;key=value"',
    ]);
  });

  test('tag values may hold "=": the driver splits each tag at its first "="', () => {
    const chart = storageChart({ kubernetesVersion: V1_36 });
    new AzureFileStorageClass(chart, 'Files', { metadata: { name: 'files' }, tags: { url: 'a=b' } });
    expect(only(synthValid(chart), 'StorageClass').parameters).toEqual({ tags: 'url=a=b' });
  });
});

// Static NFS PersistentVolumes and the driver's other volume attributes, read against
// kubernetes-sigs/azurefile-csi-driver: pkg/azurefile/nodeserver.go NodeStageVolume, azurefile.go
// GetAccountInfo and GetFileShareInfo, utils.go isValidFolderName, docs/driver-parameters.md.
describe('AzureFilePersistentVolume: NFS, folderName, server, storageEndpointSuffix', () => {
  const NFS = AzureFileProtocol.NFS;
  const nfsPv = (f: Fixture, props: Partial<AzureFilePersistentVolumeProps> = {}) =>
    sharePv(f, { credentials: undefined, protocol: NFS, storageAccount: 'nfsaccount', ...props });

  test('an NFS share without credentials: protocol and account in volumeAttributes, no nodeStageSecretRef, the handle of the account', () => {
    const f = fixture(V1_36);
    nfsPv(f, { accessModes: [RWX], mountOptions: ['nconnect=4', 'actimeo=30'] });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([]);
    expect(kinds(docs)).toEqual(['PersistentVolume']); // the fixture's credentials, unused: no Secret
    expect(only(docs, 'PersistentVolume').spec).toEqual({
      accessModes: ['ReadWriteMany'],
      capacity: { storage: '100Gi' },
      csi: {
        driver: DRIVER,
        volumeHandle: '#nfsaccount#azure-share###azure-share',
        volumeAttributes: { shareName: 'azure-share', storageAccount: 'nfsaccount', protocol: 'nfs' },
      },
      mountOptions: ['nconnect=4', 'actimeo=30'],
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
  });

  test('every CSI-only attribute, in the order the library writes them', () => {
    const f = fixture(V1_36);
    nfsPv(f, {
      resourceGroup: 'rg-files',
      folderName: 'reports/2024',
      createFolderIfNotExist: true,
      credentials: f.account,
      storageAccount: 'cdk8sstorage',
      server: 'cdk8sstorage.privatelink.file.core.windows.net',
      storageEndpointSuffix: 'core.windows.net',
    });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.csi).toEqual({
      driver: DRIVER,
      volumeHandle: 'rg-files#cdk8sstorage#azure-share##azure-share',
      volumeAttributes: {
        shareName: 'azure-share',
        resourceGroup: 'rg-files',
        storageAccount: 'cdk8sstorage',
        protocol: 'nfs',
        folderName: 'reports/2024',
        createFolderIfNotExist: 'true',
        server: 'cdk8sstorage.privatelink.file.core.windows.net',
        storageEndpointSuffix: 'core.windows.net',
      },
      nodeStageSecretRef: { name: 'azure-file-secret', namespace: 'web' },
    });
  });

  test('an SMB share in a sovereign cloud, through a private endpoint given as an IP address', () => {
    const f = fixture(V1_36);
    sharePv(f, { storageEndpointSuffix: 'core.chinacloudapi.cn', server: '10.1.2.3', protocol: AzureFileProtocol.SMB });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.csi.volumeAttributes).toEqual({
      shareName: 'azure-share', protocol: 'smb', server: '10.1.2.3', storageEndpointSuffix: 'core.chinacloudapi.cn',
    });
  });

  test.each([['[fd00::1]'], ['fd00::1'], ['files.example.internal'], ['CDK8SSTORAGE.file.core.windows.net']])('server %j is a host the driver mounts', (server) => {
    const f = fixture(V1_36);
    sharePv(f, { server });
    expect(only(synthValid(f.chart), 'PersistentVolume').spec.csi.volumeAttributes.server).toEqual(server);
  });

  test('NFS without storageAccount, and with "", is Required: the driver mounts <server>:/<account>/<share> and reads no Secret', () => {
    const f = fixture(V1_36);
    nfsPv(f, { storageAccount: undefined });
    new AzureFilePersistentVolume(f.chart, 'Empty', { shareName: 'azure-share', storage: Size.gibibytes(1), metadata: { name: 'empty' }, protocol: NFS, storageAccount: '' });
    const why = 'file.csi.azure.com mounts an NFS share as <server>:/<account>/<share> and reads no Secret for it: name the storage account';
    expectSynthErrors(f.chart, [
      `[test/Files] spec.csi.volumeAttributes[storageAccount]: Required value: ${why}`,
      `[test/Empty] spec.csi.volumeAttributes[storageAccount]: Required value: ${why}`,
    ]);
  });

  test('SMB without credentials is Required; storageAccount "" on SMB is a warning', () => {
    const f = fixture(V1_36);
    sharePv(f, { credentials: undefined });
    new AzureFilePersistentVolume(f.chart, 'Blank', { shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(1), metadata: { name: 'blank' }, storageAccount: '' });
    expectSynthErrors(f.chart, [
      '[test/Files] spec.csi.nodeStageSecretRef.name: Required value: give credentials: AzureFileCredentials.fromAccountKey(...) or AzureFileCredentials.fromSecret(...)',
    ]);
    const g = fixture(V1_36);
    new AzureFilePersistentVolume(g.chart, 'Blank', { shareName: 'azure-share', credentials: g.account, storage: Size.gibibytes(1), metadata: { name: 'blank' }, storageAccount: '' });
    expect(synthWithWarnings(g.chart).warnings).toEqual([
      'Warning: [test/Blank] spec.csi.volumeAttributes[storageAccount]: "" is the same as unset: the driver mounts with the account of the credentials\' Secret; name the account, or leave storageAccount unset',
    ]);
  });

  test('storageAccount: Azure\'s account names; on SMB, the credentials\' account (the Secret\'s wins at mount)', () => {
    const f = fixture(V1_36);
    nfsPv(f, { storageAccount: 'My_Account' });
    new AzureFilePersistentVolume(f.chart, 'Smb', { shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(1), metadata: { name: 'smb' }, storageAccount: 'otheraccount' });
    new AzureFilePersistentVolume(f.chart, 'Same', { shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(1), metadata: { name: 'same' }, storageAccount: ACCOUNT });
    expectSynthErrors(f.chart, [
      `[test/Files] spec.csi.volumeAttributes[storageAccount]: Invalid value: "My_Account": ${ACCOUNT_MSG}`,
      '[test/Smb] spec.csi.volumeAttributes[storageAccount]: Invalid value: "otheraccount": the credentials are of account "cdk8sstorage", and file.csi.azure.com mounts an SMB share with the Secret\'s account (deleting and resizing the share of the handle\'s account): give the credentials\' account, or leave storageAccount unset',
    ]);
  });

  test.each([
    ['reports/../etc', 'must not contain the segments "." or ".."'],
    ['a//b', 'must not contain an empty segment ("//")'],
    ['data:1', 'must not contain the characters \\ : * ? " < > | or control characters'],
    ['logs.', 'must not have a segment that ends with \'.\' or \' \''],
    ['logs /x', 'must not have a segment that ends with \'.\' or \' \''],
  ])('folderName %j: %s (utils.go isValidFolderName)', (folder, problem) => {
    const f = fixture(V1_36);
    sharePv(f, { folderName: folder });
    expectSynthErrors(f.chart, [
      `[test/Files] spec.csi.volumeAttributes[folderName]: Invalid value: ${JSON.stringify(folder)}: ${problem}: file.csi.azure.com refuses the volume ("invalid folderName")`,
    ]);
  });

  test('folderName "/" is the root, a placeholder is literal on a static volume, and createFolderIfNotExist needs a folder: warnings', () => {
    const f = fixture(V1_36);
    sharePv(f, { folderName: '/', createFolderIfNotExist: true });
    new AzureFilePersistentVolume(f.chart, 'Placeholder', {
      shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(1), metadata: { name: 'placeholder' }, folderName: '${pvc.metadata.name}',
    });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([
      'Warning: [test/Files] spec.csi.volumeAttributes[folderName]: "/" is the same as unset: file.csi.azure.com mounts the share\'s root; name a folder, or leave folderName unset',
      'Warning: [test/Files] spec.csi.volumeAttributes[createFolderIfNotExist]: file.csi.azure.com creates only the folder folderName names: without one, createFolderIfNotExist does nothing',
      'Warning: [test/Placeholder] spec.csi.volumeAttributes[folderName]: file.csi.azure.com replaces ${pvc.metadata.name}, ${pvc.metadata.namespace} and ${pv.metadata.name} only in provisioned volumes: a static PersistentVolume mounts the folder of this literal name; name the folder',
    ]);
    expect(only(docs, 'PersistentVolume', 'placeholder').spec.csi.volumeAttributes.folderName).toEqual('${pvc.metadata.name}');
  });

  test('createFolderIfNotExist on NFS without credentials warns: the driver creates the folder with the account key', () => {
    const f = fixture(V1_36);
    nfsPv(f, { folderName: 'data', createFolderIfNotExist: true });
    expect(synthWithWarnings(f.chart).warnings).toEqual([
      'Warning: [test/Files] spec.csi.volumeAttributes[createFolderIfNotExist]: file.csi.azure.com creates the folder with the account key, also for NFS: without credentials it looks for the Secret azure-storage-account-<account>-secret, then its cloud identity, and mounts anyway (failing where the folder does not exist); give credentials',
    ]);
  });

  test('reclaim policy Delete with a folder warns that the whole share goes', () => {
    const f = fixture(V1_36);
    sharePv(f, { folderName: 'reports', reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.DELETE });
    expect(synthWithWarnings(f.chart).warnings).toEqual([
      'Warning: [test/Files] spec.persistentVolumeReclaimPolicy: Delete deletes the Azure file share "azure-share" (the whole share, not only the folder "reports") and its data when the claim is deleted; use Retain for a share that outlives the claim',
    ]);
  });

  test('server: a URL or host:port is refused; blank is a warning (nodeserver.go NodeStageVolume)', () => {
    const f = fixture(V1_36);
    sharePv(f, { server: 'https://cdk8sstorage.file.core.windows.net' });
    new AzureFilePersistentVolume(f.chart, 'Port', { shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(1), metadata: { name: 'port' }, server: 'files.example.internal:445' });
    const why = 'must be a host name or IP address, without scheme, port or path (e.g. \'mystorageaccount.privatelink.file.core.windows.net\'): file.csi.azure.com mounts //<server>/<share> (SMB) or <server>:/<account>/<share> (NFS)';
    expectSynthErrors(f.chart, [
      `[test/Files] spec.csi.volumeAttributes[server]: Invalid value: "https://cdk8sstorage.file.core.windows.net": ${why}`,
      `[test/Port] spec.csi.volumeAttributes[server]: Invalid value: "files.example.internal:445": ${why}`,
    ]);
    const g = fixture(V1_36);
    sharePv(g, { server: ' ' });
    expect(synthWithWarnings(g.chart).warnings).toEqual([
      'Warning: [test/Files] spec.csi.volumeAttributes[server]: " " is the same as unset: file.csi.azure.com mounts <account>.file.<storageEndpointSuffix>; give the host name, or leave server unset',
    ]);
  });

  test('storageEndpointSuffix: a URL is refused; one that starts with "file." and a blank one are warnings', () => {
    const f = fixture(V1_36);
    sharePv(f, { storageEndpointSuffix: 'https://core.windows.net/' });
    expectSynthErrors(f.chart, [
      '[test/Files] spec.csi.volumeAttributes[storageEndpointSuffix]: Invalid value: "https://core.windows.net/": must be a DNS domain such as \'core.windows.net\' or \'core.chinacloudapi.cn\', without scheme or dots at either end: file.csi.azure.com mounts <account>.file.<storageEndpointSuffix>',
    ]);
    const g = fixture(V1_36);
    sharePv(g, { storageEndpointSuffix: 'file.core.windows.net' });
    new AzureFilePersistentVolume(g.chart, 'Blank', { shareName: 'azure-share', credentials: g.account, storage: Size.gibibytes(1), metadata: { name: 'blank' }, storageEndpointSuffix: '' });
    expect(synthWithWarnings(g.chart).warnings).toEqual([
      'Warning: [test/Files] spec.csi.volumeAttributes[storageEndpointSuffix]: file.csi.azure.com puts "<account>.file." before the suffix, so this mounts <account>.file.file.core.windows.net: give the part after "file." (e.g. \'core.windows.net\')',
      'Warning: [test/Blank] spec.csi.volumeAttributes[storageEndpointSuffix]: "" is the same as unset: file.csi.azure.com uses the cloud\'s suffix (core.windows.net in Azure\'s public cloud); give the suffix, or leave storageEndpointSuffix unset',
    ]);
  });

  test('NFS mount options: the driver\'s vers=4,minorversion=1,sec=sys may not be given; cifs options are a warning', () => {
    const f = fixture(V1_36);
    nfsPv(f, { mountOptions: ['nfsvers=4.1', 'minorversion=1,sec=krb5', 'nconnect=4'] });
    new AzureFilePersistentVolume(f.chart, 'Cifs', { shareName: 'azure-share', storage: Size.gibibytes(1), metadata: { name: 'cifs' }, protocol: NFS, storageAccount: 'nfsaccount', mountOptions: ['dir_mode=0777'] });
    const fixed = 'file.csi.azure.com mounts an NFS share with vers=4,minorversion=1,sec=sys (NFS 4.1, the one version Azure Files serves), and its documentation forbids giving these options';
    expect(synthErrors(f.chart).sort()).toEqual([
      `[test/Files] spec.mountOptions[0]: Invalid value: "nfsvers=4.1": ${fixed}`,
      `[test/Files] spec.mountOptions[1]: Invalid value: "minorversion=1": ${fixed}`,
      `[test/Files] spec.mountOptions[1]: Invalid value: "sec=krb5": ${fixed}`,
    ].sort());
    const g = fixture(V1_36);
    new AzureFilePersistentVolume(g.chart, 'Cifs', { shareName: 'azure-share', storage: Size.gibibytes(1), metadata: { name: 'cifs' }, protocol: NFS, storageAccount: 'nfsaccount', mountOptions: ['dir_mode=0777'] });
    expect(synthWithWarnings(g.chart).warnings).toEqual([
      'Warning: [test/Cifs] spec.mountOptions[0]: "dir_mode=0777" is an SMB (cifs) mount option: the kernel\'s NFS client refuses options it does not know, and the mount fails; remove it for an NFS share',
    ]);
  });

  test('in-tree (1.25) refuses every CSI-only prop, naming the attribute; SMB and createFolderIfNotExist false are what it does anyway', () => {
    const f = fixture(V1_25);
    sharePv(f, {
      protocol: NFS, storageAccount: 'cdk8sstorage', folderName: 'data', createFolderIfNotExist: true, server: '10.1.2.3', storageEndpointSuffix: 'core.chinacloudapi.cn',
    });
    new AzureFilePersistentVolume(f.chart, 'Smb', {
      shareName: 'azure-share', credentials: f.account, storage: Size.gibibytes(1), metadata: { name: 'smb' }, protocol: AzureFileProtocol.SMB, createFolderIfNotExist: false,
    });
    const forbidden = (prop: string) =>
      `[test/Files] spec.azureFile: Forbidden: the in-tree azureFile source has no field for ${prop}: use implementation VolumeImplementation.CSI (file.csi.azure.com reads volumeAttributes[${prop}])`;
    captureWarnings(() => expectSynthErrors(f.chart, [
      forbidden('storageAccount'), forbidden('protocol'), forbidden('folderName'), forbidden('createFolderIfNotExist'), forbidden('server'), forbidden('storageEndpointSuffix'),
    ]));
  });

  test('in-tree (1.25) without credentials is Required even for NFS: the in-tree plugin always reads the Secret', () => {
    const f = fixture(V1_25);
    sharePv(f, { credentials: undefined });
    captureWarnings(() => expectSynthErrors(f.chart, [
      '[test/Files] spec.azureFile.secretName: Required value: give credentials: AzureFileCredentials.fromAccountKey(...) or AzureFileCredentials.fromSecret(...)',
    ]));
  });

  test('protocol "" (from JavaScript) is the driver\'s default, SMB: a warning in the CSI form, nothing in-tree (azurefile.go isSupportedProtocol)', () => {
    const f = fixture(V1_36);
    sharePv(f, { protocol: '' as any });
    const { docs, warnings } = synthWithWarnings(f.chart);
    expect(warnings).toEqual([
      'Warning: [test/Files] spec.csi.volumeAttributes[protocol]: "" is the same as unset: file.csi.azure.com mounts the share over SMB; give AzureFileProtocol.SMB or AzureFileProtocol.NFS, or leave protocol unset',
    ]);
    expect(only(docs, 'PersistentVolume').spec.csi.volumeAttributes).toEqual({ shareName: 'azure-share', protocol: '' });
    const old = fixture(V1_25);
    sharePv(old, { protocol: '' as any });
    expect(synthWithWarnings(old.chart).warnings).toEqual([
      `Warning: [test/Files] spec.azureFile: ${DEPRECATED} (target 1.25)`,
      'Warning: [test/Files] spec.azureFile.protocol: "" is the same as unset: file.csi.azure.com mounts the share over SMB; give AzureFileProtocol.SMB or AzureFileProtocol.NFS, or leave protocol unset',
    ]);
  });

  test('the new props of other types (from JavaScript) are field errors', () => {
    const f = fixture(V1_36);
    sharePv(f, { protocol: 'NFS' as any, storageAccount: 5 as any, folderName: ['a'] as any, createFolderIfNotExist: 'yes' as any, server: {} as any, storageEndpointSuffix: null as any });
    expectSynthErrors(f.chart, [
      '[test/Files] spec.csi.volumeAttributes[protocol]: Unsupported value: "NFS": supported values: "smb", "nfs"; file.csi.azure.com mounts smb and nfs shares (AzureFileProtocol.SMB, NFS)',
      '[test/Files] spec.csi.volumeAttributes[storageAccount]: Invalid value: 5: must be a string such as "mystorageaccount" (got a number)',
      '[test/Files] spec.csi.volumeAttributes[folderName]: Invalid value: ["a"]: must be a string such as "reports/2024" (got a list)',
      '[test/Files] spec.csi.volumeAttributes[createFolderIfNotExist]: Invalid value: "yes": must be true or false (got a string)',
      '[test/Files] spec.csi.volumeAttributes[server]: Invalid value: {}: must be a string such as "mystorageaccount.privatelink.file.core.windows.net" (got an object)',
    ]); // storageEndpointSuffix null is unset
  });
});

// issue #13: a Secret known by name is where cdk8s puts the Chart's objects: the namespace of the Chart its reference is made in
describe('AzureFileCredentials.fromSecret without a namespace', () => {
  const existing = (scope: Chart, id = 'Existing') =>
    AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(scope, `${id}Ref`, 'files-account') });

  test('uses the credentials\' Chart namespace: CSI and in-tree PersistentVolumes, and the StorageClass', () => {
    const f = fixture(V1_36);
    const account = existing(f.chart);
    sharePv(f, { credentials: account });
    new AzureFileStorageClass(f.chart, 'Class', { credentials: account, metadata: { name: 'files' } });
    const docs = synthValid(f.chart);
    expect(only(docs, 'PersistentVolume').spec.csi.nodeStageSecretRef).toEqual({ name: 'files-account', namespace: 'web' });
    expect(only(docs, 'StorageClass').parameters).toEqual({
      'csi.storage.k8s.io/provisioner-secret-name': 'files-account',
      'csi.storage.k8s.io/provisioner-secret-namespace': 'web',
      'csi.storage.k8s.io/node-stage-secret-name': 'files-account',
      'csi.storage.k8s.io/node-stage-secret-namespace': 'web',
    });
    const old = fixture(V1_25);
    sharePv(old, { credentials: existing(old.chart) });
    captureWarnings(() => expect(only(synthValid(old.chart), 'PersistentVolume').spec.azureFile)
      .toEqual({ secretName: 'files-account', secretNamespace: 'web', shareName: 'azure-share' }));
  });

  test('the Chart of the Secret\'s reference, not the volume\'s; an explicit namespace wins', () => {
    const f = fixture(V1_36);
    const shared = new Chart(f.chart.node.scope!, 'shared', { namespace: 'shared' });
    sharePv(f, { credentials: existing(shared) });
    new AzureFilePersistentVolume(f.chart, 'Given', {
      shareName: 'azure-share',
      storage: Size.gibibytes(1),
      metadata: { name: 'given' },
      credentials: AzureFileCredentials.fromSecret({ secret: kplus.Secret.fromSecretName(f.chart, 'NamedRef', 'files-account'), namespace: 'files' }),
    });
    const docs = synthValid(f.chart);
    expect(only(docs, 'PersistentVolume', 'azure-share').spec.csi.nodeStageSecretRef).toEqual({ name: 'files-account', namespace: 'shared' });
    expect(only(docs, 'PersistentVolume', 'given').spec.csi.nodeStageSecretRef).toEqual({ name: 'files-account', namespace: 'files' });
  });

  test('a Pod volume reads the Secret from the Pod\'s namespace: credentials of another Chart\'s namespace are refused there', () => {
    const f = fixture(V1_36);
    const shared = new Chart(f.chart.node.scope!, 'shared', { namespace: 'shared' });
    seedDeployment(f, { credentials: existing(shared) });
    expectSynthErrors(f.chart, [
      '[test/Web] spec.template.spec.volumes[azure].csi.volumeAttributes[secretName]: Invalid value: "files-account": the Secret is in namespace "shared", and the kubelet reads it from the Pod\'s namespace "web"',
    ]);
  });
});

describe('AzureFileStorageClass: folderName, server, storageEndpointSuffix', () => {
  test('written as the driver\'s parameters; placeholders are the provisioner\'s to replace', () => {
    const chart = storageChart({ kubernetesVersion: V1_36, namespace: 'web' });
    new AzureFileStorageClass(chart, 'Files', {
      metadata: { name: 'files' },
      protocol: AzureFileProtocol.NFS,
      skuName: AzureFileSkuName.PREMIUM_LRS,
      folderName: '${pvc.metadata.namespace}/${pvc.metadata.name}',
      server: 'files.privatelink.file.core.usgovcloudapi.net',
      storageEndpointSuffix: 'core.usgovcloudapi.net',
    });
    const { docs, warnings } = synthWithWarnings(chart);
    expect(warnings).toEqual([]);
    expect(only(docs, 'StorageClass').parameters).toEqual({
      skuName: 'Premium_LRS',
      protocol: 'nfs',
      folderName: '${pvc.metadata.namespace}/${pvc.metadata.name}',
      server: 'files.privatelink.file.core.usgovcloudapi.net',
      storageEndpointSuffix: 'core.usgovcloudapi.net',
    });
  });

  test('the driver\'s rules: CreateVolume refuses the folder, NodeStageVolume cannot mount the server or suffix', () => {
    const chart = storageChart({ kubernetesVersion: V1_36, namespace: 'web' });
    new AzureFileStorageClass(chart, 'Files', { metadata: { name: 'files' }, folderName: 'a/../b', server: 'https://files.example', storageEndpointSuffix: 'core.windows.net.' });
    expectSynthErrors(chart, [
      '[test/Files] parameters[folderName]: Invalid value: "a/../b": must not contain the segments "." or "..": file.csi.azure.com refuses the volume ("invalid folderName")',
      '[test/Files] parameters[server]: Invalid value: "https://files.example": must be a host name or IP address, without scheme, port or path (e.g. \'mystorageaccount.privatelink.file.core.windows.net\'): file.csi.azure.com mounts //<server>/<share> (SMB) or <server>:/<account>/<share> (NFS)',
      '[test/Files] parameters[storageEndpointSuffix]: Invalid value: "core.windows.net.": must be a DNS domain such as \'core.windows.net\' or \'core.chinacloudapi.cn\', without scheme or dots at either end: file.csi.azure.com mounts <account>.file.<storageEndpointSuffix>',
    ]);
  });

  test('of other types (from JavaScript): field errors, not written; protocol "" is SMB, a warning', () => {
    const chart = storageChart({ kubernetesVersion: V1_36, namespace: 'web' });
    new AzureFileStorageClass(chart, 'Files', { metadata: { name: 'files' }, folderName: 1 as any, server: true as any, protocol: '' as any });
    expectSynthErrors(chart, [
      '[test/Files] parameters[folderName]: Invalid value: 1: must be a string such as "${pvc.metadata.name}" (got a number)',
      '[test/Files] parameters[server]: Invalid value: true: must be a string such as "mystorageaccount.privatelink.file.core.windows.net" (got a boolean)',
    ]);
    const ok = storageChart({ kubernetesVersion: V1_36, namespace: 'web' });
    new AzureFileStorageClass(ok, 'Files', { metadata: { name: 'files' }, protocol: '' as any });
    const { docs, warnings } = synthWithWarnings(ok);
    expect(warnings).toEqual([
      'Warning: [test/Files] parameters[protocol]: "" is the same as unset: file.csi.azure.com mounts the share over SMB; give AzureFileProtocol.SMB or AzureFileProtocol.NFS, or leave protocol unset',
    ]);
    expect(only(docs, 'StorageClass').parameters).toEqual({ protocol: '' });
  });
});
