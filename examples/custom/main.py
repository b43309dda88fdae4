"""The custom-source example in Python: the same app as main.ts, through the cdk8s-storage wheel.

Storage cdk8s-storage has no backend for, through its extension point: a Fibre Channel LUN and
local NVMe disks as sources written in Python (classes implementing IVolumeSource), carried by
CustomPersistentVolume and CustomVolume. Run it from this folder; the manifest goes to dist/ or to
$CDK8S_OUTDIR. test/python/test_wheel.py checks that its YAML equals the TypeScript example's.
"""
import re
from typing import Any, List

import cdk8s_plus_27 as kplus
import jsii
from cdk8s import App, Chart, Size
from cdk8s_plus_27 import k8s
from constructs import Construct

from cdk8s_storage import (
    CustomPersistentVolume,
    CustomVolume,
    IVolumeSource,
    StorageClass,
    TopologyLabelRequirement,
    TopologySelectorTerm,
    VolumeBindingMode,
    VolumeSourceBindOptions,
    VolumeSourceBinding,
    VolumeSourceProblem,
    VolumeSourceProblemType,
)

RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE
ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY


@jsii.implements(IVolumeSource)
class FibreChannelLun:
    """A Fibre Channel LUN by its target WWNs and LUN number; checks its own inputs."""

    def __init__(self, target_wwns: List[str], lun: int) -> None:
        self.target_wwns = target_wwns
        self.lun = lun

    def bind(self, scope: Construct, options: VolumeSourceBindOptions) -> VolumeSourceBinding:
        problems = []
        if not isinstance(self.lun, int) or not 0 <= self.lun <= 255:
            problems.append(VolumeSourceProblem(
                field="lun", type=VolumeSourceProblemType.INVALID, value=str(self.lun),
                detail="must be between 0 and 255, inclusive"))
        for i, wwn in enumerate(self.target_wwns):
            if not re.fullmatch(r"[0-9a-f]{16}", wwn):
                problems.append(VolumeSourceProblem(
                    field=f"targetWWNs[{i}]", type=VolumeSourceProblemType.INVALID, value=wwn,
                    detail="must be 16 lower-case hex digits, as the node lists it in /dev/disk/by-path"))
        fc = k8s.FcVolumeSource(target_ww_ns=self.target_wwns, lun=self.lun, fs_type="xfs")
        return VolumeSourceBinding(
            volume=k8s.Volume(name=options.name, fc=fc),
            persistent_volume_spec=k8s.PersistentVolumeSpec(fc=fc),
            access_modes=[RWO, ROX],
            access_modes_reason="a Fibre Channel LUN is mounted read-write by one node, or read-only by many",
            mount_options=False,
            problems=problems,
        )


@jsii.implements(IVolumeSource)
class LocalDisk:
    """A disk of one node (the local source): a PersistentVolume only."""

    def __init__(self, path: str) -> None:
        self.path = path

    def bind(self, scope: Construct, options: VolumeSourceBindOptions) -> VolumeSourceBinding:
        problems = []
        if not self.path.startswith("/") or ".." in self.path.split("/"):
            problems.append(VolumeSourceProblem(
                field="path", type=VolumeSourceProblemType.INVALID, value=self.path,
                detail='must be an absolute path without ".." elements'))
        return VolumeSourceBinding(
            persistent_volume_spec=k8s.PersistentVolumeSpec(local=k8s.LocalVolumeSource(path=self.path)),
            access_modes=[RWO],
            problems=problems,
        )


class CustomChart(Chart):
    """A Fibre Channel LUN as a PersistentVolume and inline, and local NVMe disks of a class without a provisioner."""

    def __init__(self, scope: Construct, id: str, **props: Any) -> None:
        super().__init__(scope, id, **{"namespace": "storage", **props})

        lun = CustomPersistentVolume(
            self,
            "Lun",
            metadata={"name": "san-lun-2"},
            source=FibreChannelLun(["500a0982991b8dc5", "500a0982891b8dc5"], 2),
            storage=Size.gibibytes(200),
            volume_mode=kplus.PersistentVolumeMode.FILE_SYSTEM,
        )
        db = kplus.Deployment(
            self,
            "Db",
            metadata={"name": "db"},
            replicas=1,
            strategy=kplus.DeploymentStrategy.recreate(),
            containers=[kplus.ContainerProps(image="busybox:1.36", command=["sh", "-c", "date >> /data/started && sleep 3600"])],
        )
        db.containers[0].mount("/data", lun)

        snapshot_lun = CustomVolume(self, "SnapshotLun", name="snapshot", source=FibreChannelLun(["500a0982991b8dc6"], 3))
        report = kplus.Job(
            self,
            "Report",
            metadata={"name": "report"},
            containers=[kplus.ContainerProps(image="busybox:1.36", command=["sh", "-c", "du -sh /snapshot"])],
        )
        report.containers[0].mount("/snapshot", snapshot_lun, read_only=True)

        nvme = StorageClass(
            self,
            "Nvme",
            metadata={"name": "local-nvme"},
            provisioner="kubernetes.io/no-provisioner",
            volume_binding_mode=VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
        )
        for node in ("node-1", "node-2"):
            CustomPersistentVolume(
                self,
                f"Nvme-{node}",
                metadata={"name": f"nvme-{node}"},
                source=LocalDisk("/mnt/disks/nvme0"),
                storage=Size.gibibytes(375),
                storage_class_name=nvme.name,
                reclaim_policy=kplus.PersistentVolumeReclaimPolicy.RETAIN,
                node_affinity=[TopologySelectorTerm(match_label_expressions=[
                    TopologyLabelRequirement(key="kubernetes.io/hostname", values=[node])])],
            )


if __name__ == "__main__":
    app = App()
    CustomChart(app, "custom")
    app.synth()
