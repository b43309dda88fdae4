// The custom-source example in Go: the same app as main.ts, through the cdk8s-storage Go module.
//
// Storage cdk8s-storage has no backend for, through its extension point: a Fibre Channel LUN and
// local NVMe disks as sources written in Go (types with the Bind method of IVolumeSource), carried
// by CustomPersistentVolume and CustomVolume. Run it from this folder; the manifest goes to dist/ or
// to $CDK8S_OUTDIR. test/python/test_go_java.py builds it against the module in dist/go and checks
// that its YAML equals the TypeScript example's.
package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-storage/cdk8s-storage-go/cdk8sstorage"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	kplus "github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2/k8s"
)

var wwn = regexp.MustCompile(`^[0-9a-f]{16}$`)

// FibreChannelLun is a Fibre Channel LUN by its target WWNs and LUN number; it checks its own inputs.
type FibreChannelLun struct {
	TargetWwns []string
	Lun        int
}

// Bind writes the LUN as a Pod volume or a PersistentVolume's source.
func (f *FibreChannelLun) Bind(scope constructs.Construct, options *cdk8sstorage.VolumeSourceBindOptions) *cdk8sstorage.VolumeSourceBinding {
	problems := []*cdk8sstorage.VolumeSourceProblem{}
	if f.Lun < 0 || f.Lun > 255 {
		problems = append(problems, &cdk8sstorage.VolumeSourceProblem{
			Field: jsii.String("lun"), Type: cdk8sstorage.VolumeSourceProblemType_INVALID, Value: jsii.String(fmt.Sprint(f.Lun)),
			Detail: jsii.String("must be between 0 and 255, inclusive"),
		})
	}
	for i, w := range f.TargetWwns {
		if !wwn.MatchString(w) {
			problems = append(problems, &cdk8sstorage.VolumeSourceProblem{
				Field: jsii.String(fmt.Sprintf("targetWWNs[%d]", i)), Type: cdk8sstorage.VolumeSourceProblemType_INVALID, Value: jsii.String(w),
				Detail: jsii.String("must be 16 lower-case hex digits, as the node lists it in /dev/disk/by-path"),
			})
		}
	}
	fc := &k8s.FcVolumeSource{TargetWwNs: jsii.Strings(f.TargetWwns...), Lun: jsii.Number(f.Lun), FsType: jsii.String("xfs")}
	return &cdk8sstorage.VolumeSourceBinding{
		Volume:               &k8s.Volume{Name: options.Name, Fc: fc},
		PersistentVolumeSpec: &k8s.PersistentVolumeSpec{Fc: fc},
		AccessModes:          &[]kplus.PersistentVolumeAccessMode{kplus.PersistentVolumeAccessMode_READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode_READ_ONLY_MANY},
		AccessModesReason:    jsii.String("a Fibre Channel LUN is mounted read-write by one node, or read-only by many"),
		MountOptions:         jsii.Bool(false),
		Problems:             &problems,
	}
}

// LocalDisk is a disk of one node (the local source): a PersistentVolume only.
type LocalDisk struct {
	Path string
}

// Bind writes the disk as a PersistentVolume's local source.
func (l *LocalDisk) Bind(scope constructs.Construct, options *cdk8sstorage.VolumeSourceBindOptions) *cdk8sstorage.VolumeSourceBinding {
	problems := []*cdk8sstorage.VolumeSourceProblem{}
	if !strings.HasPrefix(l.Path, "/") || strings.Contains("/"+l.Path+"/", "/../") {
		problems = append(problems, &cdk8sstorage.VolumeSourceProblem{
			Field: jsii.String("path"), Type: cdk8sstorage.VolumeSourceProblemType_INVALID, Value: jsii.String(l.Path),
			Detail: jsii.String(`must be an absolute path without ".." elements`),
		})
	}
	return &cdk8sstorage.VolumeSourceBinding{
		PersistentVolumeSpec: &k8s.PersistentVolumeSpec{Local: &k8s.LocalVolumeSource{Path: jsii.String(l.Path)}},
		AccessModes:          &[]kplus.PersistentVolumeAccessMode{kplus.PersistentVolumeAccessMode_READ_WRITE_ONCE},
		Problems:             &problems,
	}
}

// NewCustomChart adds a Fibre Channel LUN as a PersistentVolume and inline, and local NVMe disks of a class without a provisioner.
func NewCustomChart(scope constructs.Construct, id string) cdk8s.Chart {
	chart := cdk8s.NewChart(scope, jsii.String(id), &cdk8s.ChartProps{Namespace: jsii.String("storage")})

	lun := cdk8sstorage.NewCustomPersistentVolume(chart, jsii.String("Lun"), &cdk8sstorage.CustomPersistentVolumeProps{
		Metadata:   &cdk8s.ApiObjectMetadata{Name: jsii.String("san-lun-2")},
		Source:     &FibreChannelLun{TargetWwns: []string{"500a0982991b8dc5", "500a0982891b8dc5"}, Lun: 2},
		Storage:    cdk8s.Size_Gibibytes(jsii.Number(200)),
		VolumeMode: kplus.PersistentVolumeMode_FILE_SYSTEM,
	})
	db := kplus.NewDeployment(chart, jsii.String("Db"), &kplus.DeploymentProps{
		Metadata: &cdk8s.ApiObjectMetadata{Name: jsii.String("db")},
		Replicas: jsii.Number(1),
		Strategy: kplus.DeploymentStrategy_Recreate(),
		Containers: &[]*kplus.ContainerProps{{
			Image:   jsii.String("busybox:1.36"),
			Command: jsii.Strings("sh", "-c", "date >> /data/started && sleep 3600"),
		}},
	})
	(*db.Containers())[0].Mount(jsii.String("/data"), lun, nil)

	snapshotLun := cdk8sstorage.NewCustomVolume(chart, jsii.String("SnapshotLun"), &cdk8sstorage.CustomVolumeProps{
		Name:   jsii.String("snapshot"),
		Source: &FibreChannelLun{TargetWwns: []string{"500a0982991b8dc6"}, Lun: 3},
	})
	report := kplus.NewJob(chart, jsii.String("Report"), &kplus.JobProps{
		Metadata:   &cdk8s.ApiObjectMetadata{Name: jsii.String("report")},
		Containers: &[]*kplus.ContainerProps{{Image: jsii.String("busybox:1.36"), Command: jsii.Strings("sh", "-c", "du -sh /snapshot")}},
	})
	(*report.Containers())[0].Mount(jsii.String("/snapshot"), snapshotLun, &kplus.MountOptions{ReadOnly: jsii.Bool(true)})

	nvme := cdk8sstorage.NewStorageClass(chart, jsii.String("Nvme"), &cdk8sstorage.StorageClassProps{
		Metadata:          &cdk8s.ApiObjectMetadata{Name: jsii.String("local-nvme")},
		Provisioner:       jsii.String("kubernetes.io/no-provisioner"),
		VolumeBindingMode: cdk8sstorage.VolumeBindingMode_WAIT_FOR_FIRST_CONSUMER,
	})
	for _, node := range []string{"node-1", "node-2"} {
		cdk8sstorage.NewCustomPersistentVolume(chart, jsii.String("Nvme-"+node), &cdk8sstorage.CustomPersistentVolumeProps{
			Metadata:         &cdk8s.ApiObjectMetadata{Name: jsii.String("nvme-" + node)},
			Source:           &LocalDisk{Path: "/mnt/disks/nvme0"},
			Storage:          cdk8s.Size_Gibibytes(jsii.Number(375)),
			StorageClassName: nvme.Name(),
			ReclaimPolicy:    kplus.PersistentVolumeReclaimPolicy_RETAIN,
			NodeAffinity: &[]*cdk8sstorage.TopologySelectorTerm{{
				MatchLabelExpressions: &[]*cdk8sstorage.TopologyLabelRequirement{{Key: jsii.String("kubernetes.io/hostname"), Values: jsii.Strings(node)}},
			}},
		})
	}
	return chart
}

func main() {
	app := cdk8s.NewApp(nil)
	NewCustomChart(app, "custom")
	app.Synth()
}
