// pulumi-tfgen-docker: runs the bridge's tfgen over dockerinfo.Provider().
// `pulumi-tfgen-docker schema --out DIR` writes DIR/schema.json.
// UPSTREAM_DIR: the upstream module's directory (for its docs/, which give the schema its
// descriptions); without it tfgen looks for the module itself and only warns.
package main

import (
	"os"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"

	"milvus-tracing-lab/pulumi-docker/dockerinfo"
)

func main() {
	info := dockerinfo.Provider()
	if dir := os.Getenv("UPSTREAM_DIR"); dir != "" {
		info.UpstreamRepoPath = dir
	}
	tfgen.Main("docker", dockerinfo.Version, info)
}
