// pulumi-resource-tls: the Pulumi resource provider plugin, serving the bridged upstream
// Terraform tls provider (Plugin Framework) with the schema and bridge metadata tfgen
// produced (embedded at build time).
package main

import (
	"context"
	_ "embed"

	pftfbridge "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"

	"milvus-tracing-lab/pulumi-tls/tlsinfo"
)

//go:embed schema.json
var schema []byte

//go:embed bridge-metadata.json
var metadata []byte

func main() {
	pftfbridge.Main(context.Background(), "tls", tlsinfo.Provider(metadata),
		pftfbridge.ProviderMetadata{PackageSchema: schema})
}
