// Package tlsinfo maps the upstream Terraform tls provider (terraform-plugin-framework)
// onto the Pulumi package "tls" the way the @pulumi/tls npm SDK expects it (tokens and
// names). Written for the lab; the bridge's automatic naming does most of the work, the
// overrides below only fix the places where the SDK's shapes differ from it.
package tlsinfo

import (
	pftfbridge "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"

	"github.com/hashicorp/terraform-provider-tls/shim"
)

// Version is the provider version reported to the engine (GetPluginInfo, `-version`).
// Set with -ldflags "-X milvus-tracing-lab/pulumi-tls/tlsinfo.Version=5.6.1".
var Version = "0.0.0-dev"

// UpstreamVersion names the Terraform provider release the build wraps (informational:
// the newest CHANGELOG entry of the upstream commit in use).
var UpstreamVersion = "4.3.0"

const pkg = "tls"

func res(name string) *tfbridge.ResourceInfo {
	return &tfbridge.ResourceInfo{Tok: tfbridge.MakeResource(pkg, "index", name)}
}

func fn(name string) *tfbridge.DataSourceInfo {
	return &tfbridge.DataSourceInfo{Tok: tfbridge.MakeDataSource(pkg, "index", name)}
}

// one: a Terraform list block that holds at most one element upstream (a SizeAtMost(1)
// validator, which the bridge cannot see) and is a single object in the SDK.
func one() *tfbridge.SchemaInfo {
	t := true
	return &tfbridge.SchemaInfo{MaxItemsOne: &t}
}

// Provider returns the bridge's description of the provider. metadata is the
// bridge-metadata.json that tfgen wrote next to schema.json (empty while tfgen runs).
func Provider(metadata []byte) tfbridge.ProviderInfo {
	resources := map[string]*tfbridge.ResourceInfo{
		"tls_private_key":         res("PrivateKey"),
		"tls_self_signed_cert":    res("SelfSignedCert"),
		"tls_cert_request":        res("CertRequest"),
		"tls_locally_signed_cert": res("LocallySignedCert"),
	}
	// Overrides, each found by check-bridged-schema.js (schema.json against the SDK's .d.ts):
	// `subject` is a single object in the SDK (CertRequestSubject, SelfSignedCertSubject).
	resources["tls_self_signed_cert"].Fields = map[string]*tfbridge.SchemaInfo{"subject": one()}
	resources["tls_cert_request"].Fields = map[string]*tfbridge.SchemaInfo{"subject": one()}

	return tfbridge.ProviderInfo{
		P:           pftfbridge.ShimProvider(shim.NewProvider()),
		Name:        "tls",
		GitHubOrg:   "hashicorp",
		Description: "A Pulumi package to create TLS resources in Pulumi programs.",
		Keywords:    []string{"pulumi", "tls"},
		License:     "Apache-2.0",
		Homepage:    "https://pulumi.io",
		Repository:  "https://github.com/pulumi/pulumi-tls",
		Version:     Version,
		// Provider config: the `proxy` block is a single object in the SDK (ProviderProxy).
		Config:            map[string]*tfbridge.SchemaInfo{"proxy": one()},
		TFProviderVersion: UpstreamVersion,
		Resources:         resources,
		DataSources: map[string]*tfbridge.DataSourceInfo{
			"tls_certificate": fn("getCertificate"),
			"tls_public_key":  fn("getPublicKey"),
		},
		MetadataInfo: tfbridge.NewProviderMetadata(metadata),
		JavaScript:   &tfbridge.JavaScriptInfo{PackageName: "@pulumi/tls"},
	}
}
