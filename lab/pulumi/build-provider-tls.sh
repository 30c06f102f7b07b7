#!/usr/bin/env bash
# Builds a Pulumi TLS provider plugin (pulumi-resource-tls) offline from real parts:
# Pulumi's Terraform bridge (its Plugin Framework half, pkg/pf in bridge v3) over the
# upstream Terraform tls provider, the same architecture as Pulumi's release (whose own
# module, github.com/pulumi/pulumi-tls/provider/v5, the Go proxy here does not serve).
# The glue is the lab's own code in tls-provider/:
#   shim/shim.go          added to a copy of the upstream module: exposes internal/provider.New
#   tlsinfo/info.go       tfbridge.ProviderInfo: TF names -> @pulumi/tls tokens and names
#   cmd/pulumi-tfgen-tls      pf tfgen over that info -> schema.json + bridge-metadata.json
#   cmd/pulumi-resource-tls   pf tfbridge.Main with both embedded
# The steps, cache and checks are bridged-provider.sh's. Prints the binary path on stdout.
#
# Put the binary's directory first on PATH for a Pulumi run, or set
# PULUMI_TLS_INSTALL_PLUGIN=1 to also install it as plugin resource-tls-v<version>
# (install.sh does that for every build-provider-*.sh).
# PULUMI_TLS_SKIP_CHECK=1 turns a schema/SDK name mismatch into a warning.
set -euo pipefail
LAB_PART=pulumi-tls
# shellcheck source=lab/pulumi/bridged-provider.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bridged-provider.sh"

# Upstream from the Go proxy (checked 2026-11 to be served here): 4.3.0+ (CHANGELOG), which
# has the *_pem_wo attributes @pulumi/tls 5.6.1 has.
# The check covers every resource and function of the SDK; the SDK capitalises the
# functions' object type names.
pulumi_bridged_provider name=tls \
  upstream_mod=github.com/hashicorp/terraform-provider-tls \
  upstream_ver=v1.2.1-0.20260819085117-d044ca7c6f52 \
  upstream_sum=h1:OkrSFu8qDejgePpM9ikmq324Qh559Go7JfLEWP0a+mQ= \
  metadata=1 sdk_file=privateKey.d.ts \
  check="--resources=PrivateKey,SelfSignedCert,CertRequest,LocallySignedCert --functions=getCertificate,getPublicKey --upper-types"
