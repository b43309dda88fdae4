import { ApiObject, ApiObjectMetadata, ApiObjectProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';

/** The props the ApiObject renders, with the spec that `toJson()` writes into them. */
type Manifest = ApiObjectProps & { spec?: object };

/**
 * A core/v1 object whose `spec` the library renders from its model at every synth (later `bind()`
 * calls included), and that cdk8s-plus-27's RBAC takes as a resource. The base of the library's
 * PersistentVolumes and claims: one `ApiObject` each, no wrapper construct, and no `Lazy` or
 * closure per object (the spec is written into the props by `toJson()` and dropped after).
 */
export abstract class SpecApiObject extends ApiObject implements kplus.IApiEndpoint {
  private readonly manifest: Manifest;

  protected constructor(scope: Construct, id: string, kind: string, metadata?: ApiObjectMetadata) {
    const manifest: Manifest = { apiVersion: 'v1', kind, metadata };
    super(scope, id, manifest);
    this.manifest = manifest;
  }

  /** The resource type, for RBAC rules (`persistentvolumes`). */
  public abstract get resourceType(): string;

  /** The object's name, for RBAC rules. */
  public get resourceName(): string | undefined {
    return this.name;
  }

  /** Renders the object to Kubernetes JSON, its spec as the model is now. */
  public toJson(): any {
    this.manifest.spec = this._renderSpec();
    try {
      return super.toJson();
    } finally {
      this.manifest.spec = undefined; // rendered again at the next synth; not kept in memory
    }
  }

  /** This object, as an RBAC resource (`role.allowRead(claim)`, `clusterRole.allowRead(volume)`). */
  public asApiResource(): kplus.IApiResource | undefined {
    return this;
  }

  /** None: the object is an API resource, not a non-resource URL. */
  public asNonApiResource(): string | undefined {
    return undefined;
  }

  /** @internal The spec, from the model as it is now. Pure; never throws. */
  protected abstract _renderSpec(): object;
}
