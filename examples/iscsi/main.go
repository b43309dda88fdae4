// The iSCSI example in Go: the same app as main.ts, through the cdk8s-storage Go module.
//
// The seed's iSCSI volume mounted in a Deployment, and the same LUN as a PersistentVolume with a
// claim bound to it, mounted by a second Deployment. Run it from this folder (cdk8s.yaml sets the
// context `cdk8s-storage:kubernetesVersion`); the manifest goes to dist/ or to $CDK8S_OUTDIR.
// test/python/test_go_java.py builds it against the module in dist/go and checks that its YAML
// equals the TypeScript example's.
package main

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-storage/cdk8s-storage-go/cdk8sstorage"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	kplus "github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2"
)

// The seed's SAN: one LUN on an iSCSI target.
const (
	targetPortal = "10.0.2.34:3260"
	iqn          = "iqn.2001-04.com.example:storage.kube.sys1.xyz"
)

// NewIscsiChart adds the seed's iSCSI volume mounted in a Deployment, and the same LUN as a
// PersistentVolume with a claim bound to it, mounted by a second Deployment.
func NewIscsiChart(scope constructs.Construct, id string) cdk8s.Chart {
	chart := cdk8s.NewChart(scope, jsii.String(id), &cdk8s.ChartProps{Namespace: jsii.String("storage")})

	// 1. Inline: the Pod talks to the target directly.
	san := cdk8sstorage.NewIscsiVolume(chart, jsii.String("San"), &cdk8sstorage.IscsiVolumeProps{
		Name:         jsii.String("iscsi-volume"),
		TargetPortal: jsii.String(targetPortal),
		Iqn:          jsii.String(iqn),
		Lun:          jsii.Number(0),
		FsType:       cdk8sstorage.FsType_EXT4(),
		ReadOnly:     jsii.Bool(true),
	})
	web := kplus.NewDeployment(chart, jsii.String("Web"), &kplus.DeploymentProps{
		Containers: &[]*kplus.ContainerProps{{Image: jsii.String("nginx:1.27"), PortNumber: jsii.Number(8080)}},
	})
	(*web.Containers())[0].Mount(jsii.String("/usr/share/nginx/html"), san, &kplus.MountOptions{ReadOnly: jsii.Bool(true)})

	// 2. Static PersistentVolume + a claim reserved for it; workloads mount the claim.
	lun := cdk8sstorage.NewIscsiPersistentVolume(chart, jsii.String("Lun"), &cdk8sstorage.IscsiPersistentVolumeProps{
		TargetPortal: jsii.String(targetPortal),
		Iqn:          jsii.String(iqn),
		Lun:          jsii.Number(0),
		FsType:       cdk8sstorage.FsType_EXT4(),
		ReadOnly:     jsii.Bool(true),
		Metadata:     &cdk8s.ApiObjectMetadata{Name: jsii.String("san-lun0")},
		Storage:      cdk8s.Size_Gibibytes(jsii.Number(100)),
		AccessModes:  &[]kplus.PersistentVolumeAccessMode{kplus.PersistentVolumeAccessMode_READ_ONLY_MANY},
	})
	reports := kplus.NewDeployment(chart, jsii.String("Reports"), &kplus.DeploymentProps{
		Containers: &[]*kplus.ContainerProps{{
			Image:   jsii.String("busybox:1.36"),
			Command: jsii.Strings("sh", "-c", "ls /data && sleep 3600"),
		}},
	})
	(*reports.Containers())[0].Mount(jsii.String("/data"), lun, &kplus.MountOptions{ReadOnly: jsii.Bool(true)})
	return chart
}

func main() {
	app := cdk8s.NewApp(nil)
	NewIscsiChart(app, "iscsi")
	app.Synth()
}
