// Package dockerinfo maps the upstream Terraform docker provider onto the Pulumi
// package "docker" the way the @pulumi/docker npm SDK expects it (tokens and names).
// Written for the lab; the bridge's automatic naming does most of the work, the
// overrides below only fix the places where the SDK's names differ from it.
package dockerinfo

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"

	"github.com/terraform-providers/terraform-provider-docker/shim"
)

// Version is the provider version reported to the engine (GetPluginInfo, `-version`).
// Set with -ldflags "-X milvus-tracing-lab/pulumi-docker/dockerinfo.Version=5.2.0".
var Version = "0.0.0-dev"

// UpstreamVersion names the Terraform provider release the build wraps (informational).
var UpstreamVersion = "4.6.0"

const pkg = "docker"

func res(name string) *tfbridge.ResourceInfo {
	return &tfbridge.ResourceInfo{Tok: tfbridge.MakeResource(pkg, "index", name)}
}

func fn(name string) *tfbridge.DataSourceInfo {
	return &tfbridge.DataSourceInfo{Tok: tfbridge.MakeDataSource(pkg, "index", name)}
}

func field(r *tfbridge.ResourceInfo, tf string, info *tfbridge.SchemaInfo) {
	if r.Fields == nil {
		r.Fields = map[string]*tfbridge.SchemaInfo{}
	}
	r.Fields[tf] = info
}

// Provider returns the bridge's description of the provider.
func Provider() tfbridge.ProviderInfo {
	p := shimv2.NewProvider(shim.NewProvider(UpstreamVersion))

	resources := map[string]*tfbridge.ResourceInfo{
		"docker_container":      res("Container"),
		"docker_network":        res("Network"),
		"docker_volume":         res("Volume"),
		"docker_image":          res("RemoteImage"),   // the SDK's Image is a native (non-bridged) resource
		"docker_config":         res("ServiceConfig"), // "Config" would clash with the provider config module
		"docker_registry_image": res("RegistryImage"),
		"docker_secret":         res("Secret"),
		"docker_service":        res("Service"),
		"docker_plugin":         res("Plugin"),
		"docker_tag":            res("Tag"),
		"docker_buildx_builder": res("BuildxBuilder"),
	}

	// Overrides, each found by check-bridged-schema.js (schema.json against the SDK's .d.ts):
	//
	// 1. The bridge pluralises list/set names; the SDK keeps these two singular.
	field(resources["docker_container"], "command", &tfbridge.SchemaInfo{Name: "command"})
	field(resources["docker_container"], "networks_advanced", &tfbridge.SchemaInfo{Name: "networksAdvanced"})
	// 2. `name` is required upstream but optional in the SDK: Pulumi auto-names it
	//    (<resource name>-<7 random chars>), like other Pulumi providers do.
	for _, tf := range []string{"docker_container", "docker_network", "docker_registry_image",
		"docker_secret", "docker_service", "docker_config", "docker_plugin"} {
		field(resources[tf], "name", tfbridge.AutoName("name", 255, "-"))
	}

	return tfbridge.ProviderInfo{
		P:           p,
		Name:        "docker",
		GitHubOrg:   "kreuzwerker",
		Description: "A Pulumi package for interacting with Docker in Pulumi programs",
		Keywords:    []string{"pulumi", "docker"},
		License:     "Apache-2.0",
		Homepage:    "https://pulumi.io",
		Repository:  "https://github.com/pulumi/pulumi-docker",
		Version:     Version,
		Config: map[string]*tfbridge.SchemaInfo{
			// 3. Provider config: a list upstream (no MaxItems), singular in the SDK.
			"registry_auth": {Name: "registryAuth"},
		},
		TFProviderVersion: UpstreamVersion,
		Resources:         resources,
		DataSources: map[string]*tfbridge.DataSourceInfo{
			"docker_network":                  fn("getNetwork"),
			"docker_plugin":                   fn("getPlugin"),
			"docker_image":                    fn("getRemoteImage"),
			"docker_logs":                     fn("getLogs"),
			"docker_registry_image":           fn("getRegistryImage"),
			"docker_registry_image_manifests": fn("getRegistryImageManifests"),
		},
		JavaScript: &tfbridge.JavaScriptInfo{PackageName: "@pulumi/docker"},
	}
}
