import { AZURE_FILE_CSI } from './names';
import type { AzureFileStorageClassProps } from './storage-class';
import { classModel, classRules, classShapes, tagDelimiter } from './storage-class-rules';
import { csiSecretParameters } from '../core/objects/csi-parameters';
import { isBoolean, isPlainObject, isString } from '../core/rules/shapes';
import { EVERY_ACCESS_MODE, fileSystemClaimFacts } from '../generic/claim-facts';
import { BoundClassSource, ClassSite, ClassSource } from '../generic/class-source';

/**
 * The Azure File provisioner, carried by an `AzureFileStorageClass`: `file.csi.azure.com`. The model
 * is built once from the props; the credentials' Secret (or the existing one) is bound once, in the
 * class, when the source is bound.
 */
export function azureFileClassSource(props: unknown): ClassSource {
  // a JavaScript or Python caller can pass anything: a parameter that is no string is left out
  // (StorageClass parameters are strings) and reported by its shape rule
  const p: Partial<Record<keyof AzureFileStorageClassProps, unknown>> = isPlainObject(props) ? props : {};
  const model = classModel(p);
  const backend: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    if (isString(value)) backend[key] = value;
  };
  put('skuName', model.skuName);
  put('protocol', p.protocol);
  put('storageAccount', p.storageAccount);
  put('resourceGroup', p.resourceGroup);
  put('subscriptionID', p.subscriptionId);
  put('location', p.location);
  put('shareName', p.shareName);
  put('secretName', p.secretName);
  put('secretNamespace', p.secretNamespace);
  // joined as the driver splits them: at tagValueDelimiter when the parameters set one
  const delimiter = tagDelimiter(model.parameters);
  if (isPlainObject(p.tags)) put('tags', Object.entries(p.tags).filter(([, v]) => isString(v)).map(([k, v]) => `${k}=${v}`).join(delimiter));
  put('enableLargeFileShares', isBoolean(p.enableLargeFileShares) ? String(p.enableLargeFileShares) : p.enableLargeFileShares);
  put('folderName', p.folderName);
  put('server', p.server);
  put('storageEndpointSuffix', p.storageEndpointSuffix);
  const shapes = classShapes(p); // the props do not change: checked once
  // the user's parameters that are strings (the class reports the others)
  const strings = (user: Readonly<Record<string, unknown>>): Record<string, string> =>
    Object.fromEntries(Object.entries(user).filter(([, v]) => isString(v))) as Record<string, string>;
  return {
    bind: ({ storageClass }: ClassSite): BoundClassSource => {
      // the credentials' Secret, created once in the class's scope (or the existing one)
      const secret = model.credentials?._bind(storageClass);
      const secretParameters = { ...csiSecretParameters('provisioner', secret), ...csiSecretParameters('node-stage', secret) };
      return {
        provisioner: AZURE_FILE_CSI,
        // the library's parameters, the Secret's among them, then the user's string parameters, which win
        parameters: (user) => ({ ...backend, ...secretParameters, ...strings(user) }),
        rules: () => [...shapes, ...classRules(p, model, secret)],
        /**
         * azurefile-csi-driver takes share snapshots, restores them and clones shares
         * (pkg/azurefile/azurefile.go: CREATE_DELETE_SNAPSHOT, CLONE_VOLUME; controllerserver.go copyVolume);
         * its VolumeSnapshotClass needs no parameters (CreateSnapshot reads useDataPlaneAPI and metadata only).
         */
        dataSourceFacts: () => ({ driver: AZURE_FILE_CSI, snapshots: true, clones: true, snapshotParameters: {} }),
        // an Azure file share serves every access mode, and no raw block devices
        claimFacts: () => fileSystemClaimFacts(EVERY_ACCESS_MODE, 'an Azure file share is mounted over SMB or NFS by any number of nodes',
          'an Azure file share is a file system; use an Azure Disk for a raw block device'),
      };
    },
  };
}
