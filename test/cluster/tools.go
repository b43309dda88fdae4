//go:build tools

// Package referee only pins the commands the test suite builds: the real API server and the
// controller manager (run with the PersistentVolume binder alone).
package referee

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
