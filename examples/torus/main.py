"""The Torus example in Python: the same app as main.ts, through the cdk8s-storage wheel.

The seed's Torus: a Torus block volume (created beforehand with `torusctl volume create-block pg1
2GiB`) attached through the coreos.com/torus FlexVolume driver and mounted by Postgres, as in
coreos/torus's own Kubernetes example. FlexVolume is deprecated (a warning at synth) and Torus
unmaintained since 2017: this describes an existing installation. Run it from this folder
(cdk8s.yaml sets the context `cdk8s-storage:kubernetesVersion` to 1.30); the manifest goes to dist/
or to $CDK8S_OUTDIR. test/python/test_wheel.py checks that its YAML equals the TypeScript example's.
"""
from typing import Any, List

import cdk8s_plus_27 as kplus
from cdk8s import App, Chart
from constructs import Construct

from cdk8s_storage import TorusVolume


class TorusChart(Chart):
    """A Torus block volume attached through the coreos.com/torus FlexVolume driver and mounted by
    Postgres. The keyword arguments are the Chart's (namespace, default "storage", labels, ...)."""

    def __init__(self, scope: Construct, id: str, **props: Any) -> None:
        super().__init__(scope, id, **{"namespace": "storage", **props})

        data = TorusVolume(
            self,
            "Data",
            name="data",
            volume="pg1",
            etcd="10.3.0.100:2379",
        )

        password = kplus.Secret.from_secret_name(self, "Password", "postgres-torus")
        postgres = kplus.Deployment(
            self,
            "Postgres",
            replicas=1,
            # a Torus volume is a block device attached to one node: stop the old Pod before starting the new one
            strategy=kplus.DeploymentStrategy.recreate(),
            containers=[
                kplus.ContainerProps(
                    name="postgres",
                    image="postgres:16",
                    port_number=5432,
                    env_variables={
                        "PGDATA": kplus.EnvValue.from_value("/var/lib/postgresql/data/pgdata"),
                        "POSTGRES_PASSWORD": kplus.EnvValue.from_secret_value(
                            kplus.SecretValue(secret=password, key="password")
                        ),
                    },
                    # the postgres image starts as root and writes its socket under /var/run
                    security_context=kplus.ContainerSecurityContextProps(
                        ensure_non_root=False, read_only_root_filesystem=False
                    ),
                )
            ],
        )
        postgres.containers[0].mount("/var/lib/postgresql/data", data)


def build(app: App) -> List[Chart]:
    """Adds the example's charts to an app."""
    return [
        TorusChart(app, "torus"),
    ]


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
