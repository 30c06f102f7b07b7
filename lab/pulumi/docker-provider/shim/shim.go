// Package shim is added by lab/pulumi/build-provider-docker.sh to a scratch copy of
// the upstream Terraform provider module (github.com/terraform-providers/terraform-provider-docker,
// served by the Go proxy as github.com/kreuzwerker/terraform-provider-docker). Living inside
// that module, it may import the module's internal/provider package, which the bridge
// glue outside the module may not.
package shim

import (
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"

	"github.com/terraform-providers/terraform-provider-docker/internal/provider"
)

// NewProvider returns the upstream SDKv2 provider (docker_container, docker_network,
// docker_volume, ...). The upstream binary muxes it with a small plugin-framework
// provider (docker_compose, the docker_containers data source, actions); the
// @pulumi/docker SDK resources used here all come from the SDKv2 half.
func NewProvider(version string) *schema.Provider {
	return provider.New(version)()
}
