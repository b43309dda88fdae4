"""The Flocker example in Python: the same app as main.ts, through the cdk8s-storage wheel.

The seed's Flocker Pod, with its YAML fixed (the volume mount belongs to the container): the dataset
some-flocker-dataset mounted at /flocker. Then a dataset by ID as a PersistentVolume with a claim
bound to it, mounted by a Deployment. Flocker works through Kubernetes 1.24 only: at a 1.25+ target,
synthesis fails and says why. Run it from this folder (cdk8s.yaml sets the context
`cdk8s-storage:kubernetesVersion` to 1.24); the manifest goes to dist/ or to $CDK8S_OUTDIR.
test/python/test_wheel.py checks that its YAML equals the TypeScript example's.
"""
from typing import Any, List

import cdk8s_plus_27 as kplus
from cdk8s import ApiObjectMetadata, App, Chart, Size
from constructs import Construct

from cdk8s_storage import FlockerPersistentVolume, FlockerVolume


class FlockerChart(Chart):
    """The seed's Flocker Pod, then a dataset by ID as a PersistentVolume with a claim bound to it,
    mounted by a Deployment. The keyword arguments are the Chart's (namespace, default "storage",
    labels, ...)."""

    def __init__(self, scope: Construct, id: str, **props: Any) -> None:
        super().__init__(scope, id, **{"namespace": "storage", **props})

        # 1. Inline: the seed's Pod.
        dataset = FlockerVolume(self, "Dataset", name="flocker-volume", dataset_name="some-flocker-dataset")
        pod = kplus.Pod(
            self,
            "Pod",
            metadata=ApiObjectMetadata(name="some-pod"),
            containers=[
                kplus.ContainerProps(
                    name="some-container",
                    image="kubernetes/pause",
                    # kubernetes/pause runs as root
                    security_context=kplus.ContainerSecurityContextProps(ensure_non_root=False),
                )
            ],
        )
        pod.containers[0].mount("/flocker", dataset)

        # 2. Static PersistentVolume + a claim reserved for it; workloads mount the claim.
        pv = FlockerPersistentVolume(
            self,
            "Reports",
            dataset_uuid="1f5cf4ae-3b8e-4f1a-9c2d-0a1b2c3d4e5f",
            metadata=ApiObjectMetadata(name="flocker-reports"),
            storage=Size.gibibytes(10),
        )
        reports = kplus.Deployment(
            self,
            "Reporter",
            replicas=1,
            # the dataset is attached to one node at a time (ReadWriteOnce): stop the old Pod first
            strategy=kplus.DeploymentStrategy.recreate(),
            containers=[
                kplus.ContainerProps(
                    image="busybox:1.36",
                    command=["sh", "-c", "ls /data && sleep 3600"],
                )
            ],
        )
        reports.containers[0].mount("/data", pv)


def build(app: App) -> List[Chart]:
    """Adds the example's charts to an app."""
    return [
        FlockerChart(app, "flocker"),
    ]


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
