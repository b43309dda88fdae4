"""The Azure File example in Python: the same app as main.ts, through the cdk8s-storage wheel.

The seed's Azure File volume (secretName azure-file-secret, shareName azure-share, readOnly false)
mounted by a web Deployment, and the same share as a PersistentVolume with a claim bound to it,
mounted by a second Deployment. The same code targets 1.25 (the in-tree azureFile field) and 1.26
(file.csi.azure.com): each chart sets its own target version. Run it from this folder; the manifests
go to dist/ or to $CDK8S_OUTDIR. test/python/test_wheel.py checks that its YAML equals the
TypeScript example's.
"""
import os
from typing import Any, List

import cdk8s_plus_27 as kplus
from cdk8s import App, Chart, Size
from constructs import Construct

from cdk8s_storage import (
    AzureFileCredentials,
    AzureFilePersistentVolume,
    AzureFileProtocol,
    AzureFileVolume,
    KubernetesVersion,
    VolumeImplementation,
)


class AzureFileChart(Chart):
    """The seed's Azure File volume mounted by a web Deployment, and the same share as a
    PersistentVolume with a claim bound to it, mounted by a second Deployment. The same code targets
    1.25 (the in-tree azureFile field) and 1.26 (file.csi.azure.com: an inline CSI volume and a
    static CSI PersistentVolume).

    `kubernetes_version` is the Kubernetes version this chart targets; the other keyword arguments
    are the Chart's (namespace, labels, ...)."""

    def __init__(self, scope: Construct, id: str, *, kubernetes_version: KubernetesVersion, **props: Any) -> None:
        super().__init__(scope, id, **props)
        # before any child: the volumes read the target version from the context
        kubernetes_version.apply_to(self)

        account = AzureFileCredentials.from_account_key(
            account_name="cdk8sstorage",
            # a placeholder access key; real apps read it from the environment or a file, never from git
            account_key=os.environ.get(
                "AZURE_STORAGE_ACCOUNT_KEY",
                "Y2RrOHMtc3RvcmFnZSBwbGFjZWhvbGRlciBhY2NvdW50IGtleSwgbm90IGEgcmVhbCBvbmU6IDAxMjM0NTY3OA==",
            ),
            secret_name="azure-file-secret",
        )

        # 1. The seed's volume, inline in the Pod.
        share = AzureFileVolume(
            self,
            "Share",
            name="azure",
            share_name="azure-share",
            credentials=account,
            read_only=False,
        )
        web = kplus.Deployment(
            self,
            "Web",
            replicas=2,
            containers=[
                kplus.ContainerProps(
                    image="nginx:1.27",
                    port_number=80,
                    security_context=kplus.ContainerSecurityContextProps(ensure_non_root=False),
                )
            ],
        )
        web.containers[0].mount("/usr/share/nginx/html", share)

        # 2. The same share as a static PersistentVolume; a claim is reserved for it when a workload mounts it.
        files = AzureFilePersistentVolume(
            self,
            "Files",
            share_name="azure-share",
            credentials=account,
            storage=Size.gibibytes(100),
            access_modes=[kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
            mount_options=["dir_mode=0777", "file_mode=0777", "uid=1000", "gid=1000", "mfsymlinks", "cache=strict", "nosharesock"],
        )
        reports = kplus.Deployment(
            self,
            "Reports",
            containers=[
                kplus.ContainerProps(
                    image="busybox:1.36",
                    command=["sh", "-c", "ls /data && sleep 3600"],
                    # the owner of the share's files (uid/gid mount options)
                    security_context=kplus.ContainerSecurityContextProps(user=1000, group=1000),
                )
            ],
        )
        reports.containers[0].mount("/data", files, read_only=True)

        # 3. A folder of an NFS share in a Premium account, through its private endpoint: no account key.
        #    NFS, storage_account, server and folder_name are CSI-only, so this volume is CSI at every target.
        AzureFilePersistentVolume(
            self,
            "Exports",
            share_name="exports",
            protocol=AzureFileProtocol.NFS,
            storage_account="cdk8sstoragenfs",
            server="cdk8sstoragenfs.privatelink.file.core.windows.net",
            folder_name="reports",
            implementation=VolumeImplementation.CSI,
            storage=Size.gibibytes(100),
            access_modes=[kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
            mount_options=["nconnect=4", "actimeo=30"],
        )


def build(app: App) -> List[Chart]:
    """Adds the example's charts to an app: one per side of the CSI migration (1.25, 1.26)."""
    return [
        AzureFileChart(app, "azure-file-1-25", namespace="storage-125", kubernetes_version=KubernetesVersion.V1_25),
        AzureFileChart(app, "azure-file-1-26", namespace="storage-126", kubernetes_version=KubernetesVersion.V1_26),
    ]


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
