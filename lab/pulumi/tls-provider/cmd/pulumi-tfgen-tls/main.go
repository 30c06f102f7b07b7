// pulumi-tfgen-tls: runs the bridge's Plugin Framework tfgen over tlsinfo.Provider().
// `pulumi-tfgen-tls schema --out DIR` writes DIR/schema.json and DIR/bridge-metadata.json.
// UPSTREAM_DIR: the upstream module's directory (for its docs/, which give the schema its
// descriptions); without it tfgen looks for the module itself and only warns.
package main

import (
	"os"

	pftfgen "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"

	"milvus-tracing-lab/pulumi-tls/tlsinfo"
)

func main() {
	info := tlsinfo.Provider(nil)
	if dir := os.Getenv("UPSTREAM_DIR"); dir != "" {
		info.UpstreamRepoPath = dir
	}
	pftfgen.Main("tls", info)
}
