"""A newcomer's first app from README alone: the quick start's install line, cdk8s.yaml and
main.ts, run with the commands README gives, in a fresh folder outside the repository, against
the npm tarball that `npx projen package:js` built (part of test:all)."""
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

from test_packages import ROOT, newest


def quickstart_blocks() -> dict:
    readme = (ROOT / "README.md").read_text()
    blocks = {}
    for m in re.finditer(r"<!-- quickstart:(\S+) -->\n```\w*\n(.*?)```", readme, re.S):
        blocks[m.group(1)] = m.group(2)
    assert set(blocks) == {"install", "cdk8s.yaml", "tsconfig.json", "main.ts", "synth"}, f"README's quick start blocks: {sorted(blocks)}"
    return blocks


def commands(block: str) -> list:
    """The shell commands of a block: comments dropped, continued lines joined."""
    text = re.sub(r"\\\n\s*", " ", block)
    lines = [l.split(" #")[0].strip() for l in text.splitlines()]
    return [l for l in lines if l and not l.startswith("#")]


def test_readme_quick_start_works_in_a_fresh_folder():
    blocks = quickstart_blocks()
    tarball = newest("dist/js/cdk8s-storage@*.jsii.tgz")
    # outside the clone, so that nothing resolves from the repository's node_modules
    base = "/tmp" if os.path.isdir("/tmp") else None
    folder = Path(tempfile.mkdtemp(prefix="cdk8s-storage-quickstart-", dir=base))
    env = {**os.environ, "CDK8S_CHECK_UPGRADE": "false", "npm_config_yes": "true"}
    try:
        for name in ("cdk8s.yaml", "tsconfig.json", "main.ts"):
            (folder / name).write_text(blocks[name])
        for cmd in commands(blocks["install"]) + commands(blocks["synth"]):
            args = shlex.split(cmd)
            # until the first release: the package from the local build, as README says
            args = [str(tarball) if a == "cdk8s-storage" else a for a in args]
            r = subprocess.run(args, cwd=folder, env=env, capture_output=True, text=True, timeout=600)
            assert r.returncode == 0, f"{cmd}\n{r.stdout}\n{r.stderr}"
        docs = list(yaml.safe_load_all((folder / "dist" / "storage.k8s.yaml").read_text()))
        assert sorted(d["kind"] for d in docs) == ["Deployment", "PersistentVolume", "PersistentVolumeClaim"]
        pv = next(d for d in docs if d["kind"] == "PersistentVolume")
        assert pv["spec"]["iscsi"] == {"targetPortal": "10.0.2.34:3260", "iqn": "iqn.2001-04.com.example:storage.kube.sys1.xyz", "lun": 0}
        # the command of the installed package on manifests it did not write: exit 1 (the example holds removed plugins)
        check = subprocess.run(["npx", "cdk8s-storage", "check", "--target", "1.31", "--format", "json", str(ROOT / "examples" / "check" / "manifests")],
                               cwd=folder, env=env, capture_output=True, text=True, timeout=300)
        assert check.returncode == 1, f"{check.stdout}\n{check.stderr}"
        findings = json.loads(check.stdout)
        assert [(f["name"], f["path"], f["severity"]) for f in findings if f["severity"] == "error"] == [
            ("fast-rbd", "provisioner", "error"),
            ("glusterfs", "spec.volumes[0].glusterfs", "error"),
            ("rbd2", "spec.volumes[0].rbd", "error"),
            ("cephfs", "spec.volumes[0].cephfs", "error"),
            ("some-pod", "spec.volumes[0].flocker", "error"),
        ]
        # migrate from the installed package: the seed's rbd and cephfs Pods, GlusterFS and Flocker refused (exit 1)
        migrate = subprocess.run(["npx", "cdk8s-storage", "migrate", "--target", "1.31", "--cluster-id", "prod", str(ROOT / "examples" / "check" / "manifests" / "seed.yaml"),
                                  "--out", "migrated"], cwd=folder, env=env, capture_output=True, text=True, timeout=300)
        assert migrate.returncode == 1, f"{migrate.stdout}\n{migrate.stderr}"
        assert migrate.stdout.strip().splitlines()[-1] == "2 object(s) migrated to Kubernetes 1.31, 2 not migrated"
        written = [d for f in (folder / "migrated").rglob("*.yaml") for d in yaml.safe_load_all(f.read_text())]
        assert sum(1 for d in written if d["kind"] == "PersistentVolume" and "csi" in d["spec"]) == 2
        # the validation plugin, loaded by cdk8s-cli from the installed package's main entry point
        version = json.loads((folder / "node_modules" / "cdk8s-storage" / "package.json").read_text())["version"]
        config = yaml.safe_load((folder / "cdk8s.yaml").read_text())
        config["validations"] = [{"package": "./node_modules/cdk8s-storage", "version": version, "class": "StorageValidation",
                                  "properties": {"kubernetesVersion": "1.31"}}]
        (folder / "cdk8s.yaml").write_text(yaml.safe_dump(config))
        synth = subprocess.run(["npx", "cdk8s", "synth"], cwd=folder, env=env, capture_output=True, text=True, timeout=600)
        assert synth.returncode == 0, f"{synth.stdout}\n{synth.stderr}"
        assert "Validations ended succesfully" in synth.stdout, synth.stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)
