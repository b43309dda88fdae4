import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { TorusVolume } from '../../src';

/**
 * The seed's Torus: a Torus block volume (created beforehand with
 * `torusctl volume create-block pg1 2GiB`) attached through the coreos.com/torus FlexVolume driver
 * and mounted by Postgres, as in coreos/torus's own Kubernetes example. FlexVolume is deprecated
 * (a warning at synth) and Torus unmaintained since 2017: this describes an existing installation.
 */
export class TorusChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'storage', ...props });

    const data = new TorusVolume(this, 'Data', {
      name: 'data',
      volume: 'pg1',
      etcd: '10.3.0.100:2379',
    });

    const password = kplus.Secret.fromSecretName(this, 'Password', 'postgres-torus');
    const postgres = new kplus.Deployment(this, 'Postgres', {
      replicas: 1,
      // a Torus volume is a block device attached to one node: stop the old Pod before starting the new one
      strategy: kplus.DeploymentStrategy.recreate(),
      containers: [{
        name: 'postgres',
        image: 'postgres:16',
        portNumber: 5432,
        envVariables: {
          PGDATA: kplus.EnvValue.fromValue('/var/lib/postgresql/data/pgdata'),
          POSTGRES_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: password, key: 'password' }),
        },
        // the postgres image starts as root and writes its socket under /var/run
        securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
      }],
    });
    postgres.containers[0].mount('/var/lib/postgresql/data', data);
  }
}

/** Adds the example's charts to an app. */
export function build(app: App): Chart[] {
  return [
    new TorusChart(app, 'torus'),
  ];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
