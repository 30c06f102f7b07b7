// Package shim is added by lab/pulumi/build-provider-tls.sh to a scratch copy of the
// upstream Terraform provider module (github.com/hashicorp/terraform-provider-tls).
// Living inside that module, it may import the module's internal/provider package,
// which the bridge glue outside the module may not.
package shim

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"

	tls "github.com/hashicorp/terraform-provider-tls/internal/provider"
)

// NewProvider returns the upstream terraform-plugin-framework provider (tls_private_key,
// tls_self_signed_cert, tls_cert_request, tls_locally_signed_cert, the tls_certificate and
// tls_public_key data sources, and two ephemeral resources the bridge does not map).
func NewProvider() provider.Provider {
	return tls.New()
}
