import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import {
  AzureFileCredentials, AzureFilePersistentVolume, AzureFileProtocol, AzureFileSkuName, AzureFileStorageClass, AzureFileVolume,
  KubernetesVersion, VolumeBindingMode,
} from '../../../../src';
import {
  badName, buildSize, dnsLabel, dnsSubdomain, garbage, implementation, mostly, namespace, opt, size, targeting, versionName, volumeName,
} from '../../../helpers/arbitraries';
import { Family, WrongField, anyValue, withWrong } from '../framework';
import { Stricter } from '../stricter';

/*
 * Azure File: the Pod volume (in-tree `azureFile` through 1.25, inline `file.csi.azure.com` from
 * 1.26), the PersistentVolume (`spec.azureFile` or a static CSI volume) and the StorageClass, each
 * with credentials from an account key (a Secret the library writes) or an existing Secret.
 */

// ---- arbitraries of Azure's names and keys --------------------------------------------------------

/**
 * In about one input of `every`, one of `keys` gets a value of any type. (framework.ts's wrongField
 * passes `every - 1` as fast-check's `freq`, which is the odds of *no* value: it gives a wrong value
 * in (every-1)/every of the inputs. Reported to the lead; this is what it means to do.)
 */
function wrongField(keys: readonly string[], every = 5): fc.Arbitrary<WrongField | undefined> {
  return fc.oneof(
    { weight: every - 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.record({ key: fc.constantFrom(...keys), value: anyValue }) },
  );
}

const shareLabel = fc.stringMatching(/^[a-z0-9]{1,12}$/);
const validShare = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('azure-share', 'data', 'web-content-1', 'abc', 'a'.repeat(63)) },
  { weight: 6, arbitrary: fc.array(shareLabel, { minLength: 1, maxLength: 4 }).map((l) => l.join('-')).filter((s) => s.length >= 3 && s.length <= 63) },
);
const badShare = fc.oneof(
  fc.constantFrom('', 'ab', 'a'.repeat(64), 'Azure_Share', 'azure--share', '-azure', 'azure-', 'share/dir', 'UPPER', '.', '..', 'a b c', 'rg#acct'),
  garbage,
);
const shareName = mostly(validShare, badShare, 10);

const validAccount = fc.stringMatching(/^[a-z0-9]{3,24}$/);
const accountName = mostly(validAccount, fc.oneof(fc.constantFrom('', 'ab', 'x'.repeat(25), 'My_Account', 'has-hyphen', ' ', ' padded1 '), garbage), 10);
const validKey = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64'));
const accountKey = mostly(validKey, fc.oneof(
  fc.constantFrom('', 'not base64!', 'abc', 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abcd;EndpointSuffix=core.windows.net'),
  validKey.map((k) => ` ${k}\n`), // trimmed by the driver
  garbage,
), 10);

const ACCOUNT_KEY_OPTIONS = ['accountName', 'accountKey', 'secretName', 'options'];
const SECRET_OPTIONS = ['secret', 'namespace', 'accountName', 'options'];

/** Credentials as a descriptor: an account key the library stores, or an existing Secret. */
const credentials = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant<'key'>('key'),
      accountName,
      accountKey,
      secretName: opt(mostly(dnsSubdomain, badName)),
      wrong: wrongField(ACCOUNT_KEY_OPTIONS, 8),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant<'secret'>('secret'),
      name: mostly(dnsSubdomain, fc.oneof(fc.constant(''), badName)),
      namespace: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 6, arbitrary: namespace }, { weight: 2, arbitrary: dnsLabel },
        { weight: 1, arbitrary: fc.oneof(fc.constant(''), badName) }),
      accountName: opt(accountName),
      wrong: wrongField(SECRET_OPTIONS, 8),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
);
type CredentialsDesc = typeof credentials extends fc.Arbitrary<infer T> ? T : never;

function options(o: object, wrong: WrongField | undefined): any {
  return wrong?.key === 'options' ? wrong.value : withWrong(o, wrong);
}

function buildCredentials(chart: Chart, d: CredentialsDesc): AzureFileCredentials | undefined {
  if (d.kind === 'none') return undefined;
  if (d.kind === 'key') {
    return AzureFileCredentials.fromAccountKey(options({ accountName: d.accountName, accountKey: d.accountKey, secretName: d.secretName }, d.wrong));
  }
  const secret = kplus.Secret.fromSecretName(chart, 'Existing', d.name);
  return AzureFileCredentials.fromSecret(options({ secret, namespace: d.namespace, accountName: d.accountName }, d.wrong));
}

const mountOption = mostly(
  fc.constantFrom('dir_mode=0777', 'file_mode=0777', 'uid=1000', 'gid=1000', 'mfsymlinks', 'cache=strict', 'nosharesock', 'actimeo=30', 'vers=3.1.1', 'uid=0,gid=0'),
  fc.oneof(fc.constantFrom('bind', 'rbind', ' Bind', 'uid=1000,bind', '', ','), garbage),
  12,
);
const mountOptions = fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.array(mountOption, { maxLength: 4 }) });

/** Mostly a namespace; now and then a Chart without one. */
const chartNamespace = fc.oneof({ weight: 12, arbitrary: namespace }, { weight: 1, arbitrary: fc.constant(undefined) });

/*
 * A name with '"' is left out: core/rules/field-path.ts prints such a key unquoted (`volumes["a]`), which
 * the differential test cannot read back (a core matter, reported to the lead).
 */
const podVolumeName = volumeName.filter((n) => n === undefined || !n.includes('"'));

const workload = (chart: Chart) =>
  new kplus.Deployment(chart, 'App', { replicas: 1, containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });

// ---- the Pod volume -------------------------------------------------------------------------------

const VOLUME_KEYS = ['shareName', 'credentials', 'readOnly', 'mountOptions', 'implementation', 'name', 'kubernetesVersion'];

export const azureFileVolume: Family<any> = {
  name: 'AzureFileVolume in a Deployment',
  input: fc.record({
    targeting,
    namespace: chartNamespace,
    name: podVolumeName,
    shareName,
    credentials,
    readOnly: opt(fc.boolean()),
    mountOptions,
    implementation,
    wrong: wrongField(VOLUME_KEYS),
  }).map((v) => ({ ...v, version: v.targeting.version })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const vol = new AzureFileVolume(chart, 'Share', withWrong({
      name: i.name,
      shareName: i.shareName,
      credentials: buildCredentials(chart, i.credentials),
      readOnly: i.readOnly,
      mountOptions: i.mountOptions,
      implementation: i.implementation,
      kubernetesVersion: i.targeting.viaContext ? undefined : KubernetesVersion.of(i.version),
    }, i.wrong) as any);
    workload(chart).containers[0].mount('/data', vol);
  },
};

// ---- the PersistentVolume -------------------------------------------------------------------------

const PV_KEYS = ['shareName', 'credentials', 'readOnly', 'implementation', 'storage', 'accessModes', 'volumeMode', 'storageClassName',
  'reclaimPolicy', 'mountOptions', 'volumeHandle', 'resourceGroup', 'metadata', 'protocol', 'storageAccount', 'folderName',
  'createFolderIfNotExist', 'server', 'storageEndpointSuffix'];
const { READ_WRITE_ONCE, READ_ONLY_MANY, READ_WRITE_MANY } = kplus.PersistentVolumeAccessMode;
const AZURE_MODES = [READ_WRITE_ONCE, READ_ONLY_MANY, READ_WRITE_MANY];

const volumeHandle = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom('my-handle', 'files#1', 'rg#acct', 'rg#acct#other-share', '#acct#other-share#disk.vhd') },
  { weight: 2, arbitrary: fc.constantFrom('match', 'match-with-more') }, // the driver's format, with this share
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const resourceGroup = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.constantFrom('rg-files', 'MC_rg_aks_westeurope', 'files(prod).1') },
  { weight: 1, arbitrary: fc.oneof(fc.constant(''), fc.constant('rg#1'), garbage) },
);

// the CSI-only props of a static volume (NFS, a folder, a private endpoint, another cloud)
const protocol = fc.oneof(
  { weight: 5, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: fc.constantFrom(...Object.values(AzureFileProtocol)) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('NFS', 'cifs', ''), garbage) },
);
/** 'same': the credentials' account (as the driver mounts SMB with the Secret's account); else any. */
const storageAccount = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.constant('same') },
  { weight: 1, arbitrary: fc.constant('acct1') },
  { weight: 1, arbitrary: accountName },
);
const folderName = opt(mostly(
  fc.constantFrom('reports/2024', 'data', 'a/b/c', '/data/', 'Logs 2024', '${pvc.metadata.name}'),
  fc.oneof(fc.constantFrom('', '/', '..', 'a/./b', 'a//b', 'x:y', 'logs.', 'a ', 'a\\b', 'q?', '<x>'), garbage),
  8,
));
const server = opt(mostly(
  fc.constantFrom('acct1.privatelink.file.core.windows.net', 'acct1.file.core.chinacloudapi.cn', '10.0.0.4', '[fd00::1]', 'fd00::4', 'files.internal'),
  fc.oneof(fc.constantFrom('', ' ', 'https://acct1.file.core.windows.net', 'files.internal:445', 'host/share', '-bad.example', 'a..b', ' files.internal'), garbage),
  8,
));
const storageEndpointSuffix = opt(mostly(
  fc.constantFrom('core.windows.net', 'core.chinacloudapi.cn', 'core.usgovcloudapi.net'),
  fc.oneof(fc.constantFrom('', ' ', 'file.core.windows.net', '.core.windows.net', 'https://core.windows.net', 'core.windows.net/'), garbage),
  8,
));
const nfsMountOption = fc.constantFrom('nconnect=4', 'actimeo=30', 'vers=4.1', 'nfsvers=4', 'minorversion=1', 'sec=sys', 'noresvport,hard');
const pvMountOptions = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.array(fc.oneof({ weight: 3, arbitrary: mountOption }, { weight: 1, arbitrary: nfsMountOption }), { maxLength: 4 }) },
);

/** The account a handle in the driver's format names: the volume's, as the library reads it (storageAccount, else the credentials'). */
function accountOf(i: any): string {
  const given = storageAccountOf(i);
  if (typeof given === 'string' && given !== '') return given;
  return credentialsAccount(i) ?? 'acct1';
}

function credentialsAccount(i: any): string | undefined {
  const c = i.credentials;
  return c.kind !== 'none' && typeof c.accountName === 'string' && c.accountName.trim() !== '' ? c.accountName.trim() : undefined;
}

function storageAccountOf(i: any): unknown {
  const a = i.csiOnly?.storageAccount;
  return a === 'same' ? credentialsAccount(i) ?? 'acct1' : a;
}

export const azureFilePersistentVolume: Family<any> = {
  name: 'AzureFilePersistentVolume',
  input: fc.record({
    targeting,
    namespace: chartNamespace,
    name: opt(mostly(dnsSubdomain, badName)),
    shareName,
    credentials,
    readOnly: opt(fc.boolean()),
    implementation,
    storage: size,
    accessModes: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 6, arbitrary: fc.shuffledSubarray(AZURE_MODES, { minLength: 1 }) },
      { weight: 1, arbitrary: fc.constant([kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD]) },
      { weight: 1, arbitrary: fc.shuffledSubarray(Object.values(kplus.PersistentVolumeAccessMode), { minLength: 1 }) },
    ),
    volumeMode: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 3, arbitrary: fc.constant(kplus.PersistentVolumeMode.FILE_SYSTEM) },
      { weight: 1, arbitrary: fc.constant(kplus.PersistentVolumeMode.BLOCK) },
    ),
    storageClassName: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constant('') }, { weight: 4, arbitrary: dnsSubdomain }),
    reclaimPolicy: opt(fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy))),
    mountOptions: pvMountOptions,
    volumeHandle,
    resourceGroup,
    // the CSI-only props, in about a third of the inputs
    csiOnly: fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      {
        weight: 1,
        arbitrary: fc.record({ protocol, storageAccount, folderName, createFolderIfNotExist: opt(fc.boolean()), server, storageEndpointSuffix }),
      },
    ),
    use: fc.constantFrom<'none' | 'reserve' | 'mount'>('none', 'reserve', 'reserve', 'mount'),
    wrong: wrongField(PV_KEYS),
  }).map((v) => ({
    ...v,
    version: v.targeting.version,
    // a claim needs a namespace (core's claimRef rule): a Chart without one only for a volume that is not reserved
    namespace: v.use === 'none' ? v.namespace : v.namespace ?? 'default',
  })),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const handle = i.volumeHandle === 'match' ? `rg-files#${accountOf(i)}#${i.shareName}`
      : i.volumeHandle === 'match-with-more' ? `#${accountOf(i)}#${i.shareName}#disk.vhd#uuid#ns` : i.volumeHandle;
    const pv = new AzureFilePersistentVolume(chart, 'Files', withWrong({
      shareName: i.shareName,
      credentials: buildCredentials(chart, i.credentials),
      readOnly: i.readOnly,
      implementation: i.implementation,
      kubernetesVersion: i.targeting.viaContext ? undefined : KubernetesVersion.of(i.version),
      metadata: i.name === undefined ? undefined : { name: i.name },
      storage: buildSize(i.storage),
      accessModes: i.accessModes,
      volumeMode: i.volumeMode,
      storageClassName: i.storageClassName,
      reclaimPolicy: i.reclaimPolicy,
      mountOptions: i.mountOptions,
      volumeHandle: handle,
      resourceGroup: i.resourceGroup,
      protocol: i.csiOnly?.protocol,
      storageAccount: storageAccountOf(i),
      folderName: i.csiOnly?.folderName,
      createFolderIfNotExist: i.csiOnly?.createFolderIfNotExist,
      server: i.csiOnly?.server,
      storageEndpointSuffix: i.csiOnly?.storageEndpointSuffix,
    }, i.wrong) as any);
    if (i.use === 'reserve') pv.reserve();
    if (i.use === 'mount') workload(chart).addVolume(pv.asVolume());
  },
};

// ---- the StorageClass -----------------------------------------------------------------------------

const SC_KEYS = ['skuName', 'protocol', 'storageAccount', 'resourceGroup', 'subscriptionId', 'location', 'shareName', 'secretName',
  'secretNamespace', 'credentials', 'tags', 'enableLargeFileShares', 'parameters', 'mountOptions', 'reclaimPolicy', 'volumeBindingMode',
  'allowVolumeExpansion', 'metadata', 'folderName', 'server', 'storageEndpointSuffix'];
const SKUS = ['STANDARD_LRS', 'STANDARD_ZRS', 'STANDARD_GRS', 'STANDARD_RAGRS', 'STANDARD_RAGZRS', 'PREMIUM_LRS', 'PREMIUM_ZRS'] as const;
const skuName = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: fc.constantFrom<string>(...SKUS) },
  { weight: 2, arbitrary: fc.record({ of: mostly(fc.constantFrom('PremiumV2_LRS', 'StandardV2_LRS', 'StandardV2_ZRS'), fc.oneof(fc.constant(''), garbage), 3) }) },
);
const tagText = mostly(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.oneof(fc.constantFrom('', ' ', 'a,b', 'k=v', 'a;b'), garbage), 10);
const driverParameter = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('networkEndpointType', 'shareAccessTier', 'accessTier', 'allowBlobPublicAccess', 'matchTags', 'storeAccountKey', 'SKUNAME', 'folderName', 'mountPermissions'), fc.constantFrom('privateEndpoint', 'Hot', 'Cool', 'false', 'true', '0777', 'data')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('tagValueDelimiter'), fc.constantFrom(';', '')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('unknownParameter', 'csi.storage.k8s.io/fstype', 'foo/bar'), fc.string({ maxLength: 6 })) },
);

export const azureFileStorageClass: Family<any> = {
  name: 'AzureFileStorageClass',
  input: fc.record({
    version: versionName,
    namespace: chartNamespace,
    name: opt(mostly(dnsSubdomain, badName)),
    skuName,
    protocol: opt(fc.constantFrom(...Object.values(AzureFileProtocol))),
    storageAccount: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: accountName }),
    resourceGroup: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constantFrom('rg-files', '') }),
    subscriptionId: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', '') }),
    location: opt(mostly(fc.constantFrom('westeurope', 'eastus'), fc.oneof(fc.constant(''), garbage), 8)),
    shareName: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: shareName },
      { weight: 1, arbitrary: fc.constantFrom('${pvc.metadata.namespace}-${pvc.metadata.name}', 'Data-${pv.metadata.name}') }),
    secretName: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: mostly(dnsSubdomain, fc.oneof(fc.constant(''), badName)) }),
    secretNamespace: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: mostly(dnsLabel, fc.oneof(fc.constant(''), badName)) }),
    credentials: fc.oneof({ weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 2, arbitrary: credentials }),
    tags: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.dictionary(tagText, tagText, { maxKeys: 3 }) }),
    enableLargeFileShares: opt(fc.boolean()),
    endpoint: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.record({ folderName, server, storageEndpointSuffix }) },
    ),
    parameters: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.array(driverParameter, { maxLength: 3 }).map((e) => Object.fromEntries(e)) },
    ),
    mountOptions: opt(fc.array(mountOption, { maxLength: 3 })),
    reclaimPolicy: opt(fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy))),
    volumeBindingMode: opt(fc.constantFrom(...Object.values(VolumeBindingMode))),
    allowVolumeExpansion: opt(fc.boolean()),
    claim: fc.boolean(),
    wrong: wrongField(SC_KEYS),
  }),
  namespaceOf: (i) => i.namespace,
  build(chart, i) {
    const sku = i.skuName === undefined ? undefined : typeof i.skuName === 'string' ? AzureFileSkuName[i.skuName as typeof SKUS[number]] : AzureFileSkuName.of(i.skuName.of);
    const files = new AzureFileStorageClass(chart, 'Files', withWrong({
      metadata: i.name === undefined ? undefined : { name: i.name },
      skuName: sku,
      protocol: i.protocol,
      storageAccount: i.storageAccount,
      resourceGroup: i.resourceGroup,
      subscriptionId: i.subscriptionId,
      location: i.location,
      shareName: i.shareName,
      secretName: i.secretName,
      secretNamespace: i.secretNamespace,
      credentials: buildCredentials(chart, i.credentials),
      tags: i.tags,
      enableLargeFileShares: i.enableLargeFileShares,
      folderName: i.endpoint?.folderName,
      server: i.endpoint?.server,
      storageEndpointSuffix: i.endpoint?.storageEndpointSuffix,
      parameters: i.parameters,
      mountOptions: i.mountOptions,
      reclaimPolicy: i.reclaimPolicy,
      volumeBindingMode: i.volumeBindingMode,
      allowVolumeExpansion: i.allowVolumeExpansion,
    }, i.wrong) as any);
    if (i.claim) files.createClaim(chart, 'Data', { storage: buildSize({ unit: 'Gi', amount: 100 })!, accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] });
  },
};

// ---- where the library is stricter than kube-apiserver, and why -----------------------------------

const DRIVER = 'github.com/kubernetes-sigs/azurefile-csi-driver';
const K8S = 'k8s.io/kubernetes v1.37.2';
const POD_OR_PV = '(?:volumes\\[[^\\]]*\\]|spec)';

/** Where the library refuses Azure File inputs kube-apiserver accepts, and why. */
export const stricter: Stricter[] = [
  {
    path: new RegExp(`^${POD_OR_PV}\\.(?:azureFile\\.shareName|csi\\.volumeAttributes\\[shareName\\])$|^parameters\\[shareName\\]$`),
    line: /an Azure file share name must be 3 to 63 characters/,
    reason: 'Azure has no file share of another name (3 to 63 lower case letters, digits and single hyphens, a letter or digit at both ends): ' +
      'the driver mounts //<account>.file.<suffix>/<share> as written and CreateVolume creates the share by that name, so Azure refuses the mount or the share',
    source: `${DRIVER} pkg/azurefile/azurefile.go getValidFileShareName (the rules, fileShareNameMinLength/MaxLength), nodeserver.go NodeStageVolume (source //<server>/<share>), controllerserver.go CreateVolume (shareName → CreateFileShare)`,
  },
  {
    path: new RegExp(`^${POD_OR_PV}\\.csi\\.volumeAttributes\\[shareName\\]$`),
    line: /: Required value$/,
    reason: 'kube-apiserver checks no volume attribute; the driver reads the share from volumeAttributes[shareName] (over the one in the handle) and fails NodeStageVolume without it',
    source: `${DRIVER} pkg/azurefile/azurefile.go GetAccountInfo (case shareNameField), nodeserver.go NodeStageVolume ("failed to get file share name")`,
  },
  {
    path: /^volumes\[[^\]]*\]\.(?:azureFile\.secretName|csi\.volumeAttributes\[secretName\])$|^spec\.(?:azureFile\.secretName|csi\.nodeStageSecretRef\.name)$/,
    reason: 'the Secret is read by that name, from the Pod\'s namespace (Pod volumes) or the one written (PersistentVolumes): CSI migration turns azureFile.secretName into ' +
      'nodeStageSecretRef, the kubelet fetches nodeStageSecretRef before NodeStageVolume, and the driver reads an inline volume\'s Secret itself; a missing name, a name no Secret ' +
      'can have (a DNS subdomain) or a Secret in another namespace is never found, and the mount fails (kube-apiserver checks nodeStageSecretRef not at all, and a CSI attribute never)',
    source: `${K8S} staging/src/k8s.io/csi-translation-lib/plugins/azure_file.go TranslateInTreeInlineVolumeToCSI, TranslateInTreePVToCSI; pkg/volume/csi/csi_attacher.go MountDevice → csi_util.go getCredentialsFromSecret; ` +
      `${DRIVER} pkg/azurefile/nodeserver.go NodePublishVolume (secretNamespace = the Pod's namespace), azurefile.go GetAccountInfo → GetStorageAccountFromSecret`,
  },
  {
    path: /^spec\.(?:azureFile\.secretNamespace|csi\.nodeStageSecretRef\.namespace)$/,
    reason: 'the kubelet fetches the Secret from this namespace (CSI migration copies secretNamespace into nodeStageSecretRef): a namespace no namespace can have (a DNS label), ' +
      'or none in a CSI volume (kube-apiserver does not check nodeStageSecretRef), never holds it, and the mount fails',
    source: `${K8S} pkg/volume/csi/csi_attacher.go MountDevice → csi_util.go getCredentialsFromSecret (Secrets(namespace).Get); staging/src/k8s.io/csi-translation-lib/plugins/azure_file.go TranslateInTreePVToCSI`,
  },
  {
    path: /^stringData\[azurestorageaccount(?:name|key)\]$/,
    reason: 'the driver reads both keys (trimmed) and mounts //<account>.file.<suffix> with username=<account>,password=<key>: without either it fails ("could not find accountname or ' +
      'azurestorageaccountname field in secrets"); Azure has no storage account of another name (3 to 24 lower case letters and digits), and only one of the account\'s ' +
      'access keys, base64 as Azure issues them (which the driver\'s data-plane client decodes), authenticates',
    source: `${DRIVER} pkg/azurefile/azurefile.go getStorageAccount, GetStorageAccountFromSecret; nodeserver.go NodeStageVolume (server, sensitiveMountOptions); ` +
      'azurefile_dataplane_client.go newAzureFileClient (service.NewSharedKeyCredential: "decode account key"); vendor armstorage accounts_client.go (account names)',
  },
  {
    path: /^accountName$/,
    reason: 'the account name given to fromSecret goes only into the default volume handle "<resourceGroup>#<account>#<share>" of CSI PersistentVolumes, which the driver\'s ' +
      'DeleteVolume and ControllerExpandVolume read to find the share: Azure has no storage account of another name (3 to 24 lower case letters and digits)',
    source: `${DRIVER} pkg/azurefile/azurefile.go GetFileShareInfo; controllerserver.go DeleteVolume, ControllerExpandVolume; vendor armstorage accounts_client.go (account names)`,
  },
  {
    path: /^volumes\[[^\]]*\]\.azureFile$/,
    line: /the in-tree azureFile Pod volume takes no mount options/,
    reason: 'mountOptions is the library\'s prop: the in-tree azureFile Pod volume has no field for mount options, so the manifest could not carry them (they would be dropped silently)',
    source: 'k8s.io/api core/v1 types.go AzureFileVolumeSource (secretName, shareName, readOnly)',
  },
  {
    path: /^volumes\[[^\]]*\]\.csi\.volumeAttributes\[mountOptions\]$/,
    line: /refuses "bind" and "rbind"/,
    reason: 'the driver refuses an inline volume whose mount options ask for a local bind mount (NodePublishVolume: "mount option … is not supported for ephemeral volumes")',
    source: `${DRIVER} pkg/azurefile/nodeserver.go NodePublishVolume → utils.go findLocalMountModeOption`,
  },
  {
    path: /^spec\.csi\.volumeHandle$/,
    line: /reads a handle with two or more '#'/,
    reason: 'the driver\'s controller reads a handle with two or more \'#\' as <resourceGroup>#<account>#<share> and deletes (reclaim policy Delete) or resizes the share it names: ' +
      'a handle that names another share or account than the volume\'s would delete or resize that other share (an SMB share mounts with the Secret\'s account, NFS with storageAccount)',
    source: `${DRIVER} pkg/azurefile/azurefile.go GetFileShareInfo; controllerserver.go DeleteVolume, ControllerExpandVolume`,
  },
  {
    path: /^(?:spec\.csi\.volumeAttributes\[resourceGroup\]|metadata\.annotations\[kubernetes\.io\/azure-file-resource-group\])$/,
    line: /must not contain '#'/,
    reason: 'the resource group is the first part of the volume handle "<resourceGroup>#<account>#<share>" (the library\'s default handle, and the one CSI migration builds from the annotation), ' +
      'which the driver splits at \'#\': a \'#\' in it shifts account and share (and Azure resource group names have no \'#\')',
    source: `${K8S} staging/src/k8s.io/csi-translation-lib/plugins/azure_file.go TranslateInTreePVToCSI (volumeIDTemplate); ${DRIVER} pkg/azurefile/azurefile.go GetFileShareInfo`,
  },
  {
    path: /^spec\.accessModes\[\d+\]$/,
    line: /the in-tree azureFile plugin serves these/,
    reason: 'the in-tree azureFile plugin serves ReadWriteOnce, ReadOnlyMany and ReadWriteMany only (ReadWriteOncePod needs the CSI form, whose driver declares SINGLE_NODE_SINGLE_WRITER)',
    source: `k8s.io/kubernetes v1.25 pkg/volume/azure_file/azure_file.go GetAccessModes; ${DRIVER} pkg/azurefile/azurefile.go NewDriver (AddVolumeCapabilityAccessModes)`,
  },
  {
    path: /^spec\.volumeMode$/,
    line: /an Azure file share is an SMB file system/,
    reason: 'an Azure file share is mounted as a file system: the driver refuses block volumes and the in-tree plugin is no block volume plugin',
    source: `${DRIVER} pkg/azurefile/controllerserver.go isValidVolumeCapabilities ("driver does not support block volumes"); k8s.io/kubernetes v1.25 pkg/volume/azure_file (no BlockVolumePlugin)`,
  },
  {
    path: /^parameters\[storageAccount\]$/,
    line: /an Azure storage account name must be/,
    reason: 'CreateVolume looks the account up (or creates it) by this name: Azure has no storage account of another name (3 to 24 lower case letters and digits)',
    source: `${DRIVER} pkg/azurefile/controllerserver.go CreateVolume (storageAccount → accountOptions.Name → EnsureStorageAccount); vendor armstorage accounts_client.go (account names)`,
  },
  {
    path: /^parameters\[secretName\]$|^parameters\[secretNamespace\]$/,
    reason: 'CreateVolume stores the account key in a Secret of this name in this namespace: kube-apiserver refuses a Secret whose name is no DNS subdomain or whose namespace is no DNS label, ' +
      'and provisioning fails ("failed to store storage account key")',
    source: `${DRIVER} pkg/azurefile/controllerserver.go CreateVolume → azurefile.go SetAzureCredentials`,
  },
  {
    path: /^parameters\[resourceGroup\]$/,
    line: /needs the storage account's resource group when subscriptionID is given/,
    reason: 'the driver refuses a subscriptionID other than the cluster\'s without a resourceGroup ("resourceGroup must be provided in cross subscription"); for the cluster\'s own subscription the parameter has no effect',
    source: `${DRIVER} pkg/azurefile/controllerserver.go CreateVolume`,
  },
  {
    path: /^parameters\[tags\]$/,
    reason: 'the driver splits tags at the delimiter (tagValueDelimiter, else \',\') and each at its first \'=\', and refuses a tag without \'=\' or with an empty key: ' +
      'a delimiter inside a key or value makes a tag without \'=\' (CreateVolume fails), an \'=\' in a key makes another tag than the one given',
    source: `${DRIVER} pkg/azurefile/utils.go ConvertTagsToMap ("Tags … are invalid"), controllerserver.go CreateVolume`,
  },
  {
    path: /^parameters\[protocol\]$/,
    line: /^[^:]*\] parameters\[protocol\]: Unsupported value/,
    reason: 'the driver mounts smb and nfs shares only, spelled so (CreateVolume and NodeStageVolume refuse any other: "protocol(…) is not supported")',
    source: `${DRIVER} pkg/azurefile/azurefile.go isSupportedProtocol (supportedProtocolList)`,
  },
  {
    path: /^parameters\[skuName\]$/,
    line: /must be a Premium SKU for protocol "nfs"/,
    reason: 'the driver refuses an nfs share in a Standard account ("nfs protocol only supports premium storage")',
    source: `${DRIVER} pkg/azurefile/controllerserver.go CreateVolume`,
  },
  {
    path: /^parameters\[csi\.storage\.k8s\.io\/provisioner-secret-(?:name|namespace)\]$/,
    reason: 'the external-provisioner reads the provisioner and node-stage Secrets from these parameters: it refuses a name without a namespace ("value of either namespace or name is empty") ' +
      'and a name or namespace no Secret can have ("is not a valid secret name", "is not a valid namespace name"), and the claim is never provisioned',
    source: 'github.com/kubernetes-csi/external-provisioner pkg/controller/controller.go verifyAndGetSecretNameAndNamespaceTemplate, getSecretReference',
  },
  {
    path: /^spec\.azureFile$/,
    line: /the in-tree azureFile source has no field for/,
    reason: 'protocol, storageAccount, folderName, createFolderIfNotExist, server and storageEndpointSuffix are the library\'s props for volumeAttributes of the CSI form: ' +
      'the in-tree azureFile source has no field for them, so the manifest could not carry them (they would be dropped silently, and an NFS share mounted as SMB)',
    source: 'k8s.io/api core/v1 types.go AzureFilePersistentVolumeSource (secretName, shareName, readOnly, secretNamespace)',
  },
  {
    path: /^spec\.csi\.volumeAttributes\[storageAccount\]$/,
    reason: 'an NFS share mounts as <server>:/<account>/<share> with the account of volumeAttributes or the handle, and no Secret is read for it (without one the mount source has no account); ' +
      'Azure has no storage account of another name (3 to 24 lower case letters and digits); an SMB share mounts with the Secret\'s account, while DeleteVolume and ' +
      'ControllerExpandVolume act on the handle\'s, so another account here splits mount from delete and resize',
    source: `${DRIVER} pkg/azurefile/azurefile.go GetAccountInfo (protocol nfs returns before any Secret; getStorageAccount(secrets) overrides the account), ` +
      'nodeserver.go NodeStageVolume (source <server>:/<account>/<share>), controllerserver.go DeleteVolume, ControllerExpandVolume; vendor armstorage accounts_client.go (account names)',
  },
  {
    path: /^(?:spec\.csi\.volumeAttributes|parameters)\[folderName\]$/,
    line: /refuses the volume \("invalid folderName"\)/,
    reason: 'NodeStageVolume refuses a folderName with an empty segment, "." or "..", one of \\:*?"<>| or a control character, or a segment ending in "." or " " ("invalid folderName"), and the Pod never starts',
    source: `${DRIVER} pkg/azurefile/utils.go isValidFolderName (invalidFolderNameChars), nodeserver.go NodeStageVolume (case folderNameField), ` +
      'controllerserver.go CreateVolume ("invalid folderName in storage class")',
  },
  {
    path: /^(?:spec\.csi\.volumeAttributes|parameters)\[server\]$/,
    line: /must be a host name or IP address/,
    reason: 'NodeStageVolume writes server as the host of the mount source (//<server>/<share> for SMB, <server>:/<account>/<share> for NFS): a scheme, port, path or a character ' +
      'no host name has makes a source mount.cifs or mount.nfs cannot reach',
    source: `${DRIVER} pkg/azurefile/nodeserver.go NodeStageVolume (case serverNameField; source := …server…)`,
  },
  {
    path: /^(?:spec\.csi\.volumeAttributes|parameters)\[storageEndpointSuffix\]$/,
    line: /must be a DNS domain/,
    reason: 'NodeStageVolume mounts <account>.file.<storageEndpointSuffix> (when no server is given): a scheme, a path or a dot at either end makes a host name no resolver finds',
    source: `${DRIVER} pkg/azurefile/nodeserver.go NodeStageVolume (server = fmt.Sprintf("%s.file.%s", accountName, storageEndpointSuffix))`,
  },
  {
    path: /^spec\.(?:csi\.volumeAttributes\[protocol\]|azureFile\.protocol)$/,
    line: /Unsupported value/,
    reason: 'the driver mounts smb and nfs shares only, spelled so (NodeStageVolume refuses any other: "protocol(…) is not supported"); the in-tree form has no protocol at all',
    source: `${DRIVER} pkg/azurefile/azurefile.go isSupportedProtocol (supportedProtocolList), nodeserver.go NodeStageVolume`,
  },
  {
    path: /^spec\.mountOptions\[\d+\]$/,
    line: /mounts an NFS share with vers=4,minorversion=1,sec=sys/,
    reason: 'the driver adds vers=4,minorversion=1,sec=sys to every NFS mount and its documentation says giving these options (nfsvers included) is not supported: a second vers or sec conflicts ' +
      'with the driver\'s, and Azure Files serves NFS 4.1 only',
    source: `${DRIVER} pkg/azurefile/nodeserver.go NodeStageVolume (util.JoinMountOptions(mountFlags, "vers=4,minorversion=1,sec=sys")); docs/driver-parameters.md (Tips)`,
  },
];
