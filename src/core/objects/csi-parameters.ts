import { SecretRef } from './secrets';

/**
 * The generic CSI Secret parameters of a StorageClass for one use (`provisioner`, `node-stage`,
 * `controller-expand`, …): `csi.storage.k8s.io/<use>-secret-name` and, when the Secret's namespace is
 * known, `csi.storage.k8s.io/<use>-secret-namespace`. Empty without a Secret.
 *
 * @see https://kubernetes-csi.github.io/docs/secrets-and-credentials-storage-class.html
 */
export function csiSecretParameters(use: string, secret: SecretRef | undefined): Record<string, string> {
  if (!secret) return {};
  const out: Record<string, string> = { [`csi.storage.k8s.io/${use}-secret-name`]: secret.name };
  if (secret.namespace) out[`csi.storage.k8s.io/${use}-secret-namespace`] = secret.namespace;
  return out;
}
