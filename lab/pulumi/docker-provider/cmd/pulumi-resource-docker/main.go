// pulumi-resource-docker: the Pulumi resource provider plugin, serving the bridged
// upstream Terraform provider with the schema tfgen produced (embedded at build time).
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"

	"milvus-tracing-lab/pulumi-docker/dockerinfo"
)

//go:embed schema.json
var schema []byte

func main() {
	tfbridge.Main("docker", dockerinfo.Version, dockerinfo.Provider(), schema)
}
