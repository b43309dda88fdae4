import { Construct } from 'constructs';
import { IStorageClass } from './storage-class-props';

/** A StorageClass of the cluster, by name (`StorageClass.fromStorageClassName`). */
export class ImportedStorageClass extends Construct implements IStorageClass {
  public readonly resourceType = 'storageclasses';
  public readonly apiGroup = 'storage.k8s.io';
  public readonly apiVersion = 'storage.k8s.io/v1';
  public readonly kind = 'StorageClass';
  public readonly resourceName: string;

  constructor(scope: Construct, id: string, public readonly name: string) {
    super(scope, id);
    this.resourceName = name;
  }
}
