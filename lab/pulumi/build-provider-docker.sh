#!/usr/bin/env bash
# Builds a Pulumi Docker provider plugin (pulumi-resource-docker) offline from real parts:
# Pulumi's Terraform bridge over the upstream Terraform docker provider, the same
# architecture as Pulumi's release (whose own module, github.com/pulumi/pulumi-docker/provider/v5,
# the Go proxy here does not serve). The glue is the lab's own code in docker-provider/:
#   shim/shim.go          added to a copy of the upstream module: exposes internal/provider.New
#   dockerinfo/info.go    tfbridge.ProviderInfo: TF names -> @pulumi/docker tokens and names
#   cmd/pulumi-tfgen-docker      tfgen over that info -> schema.json
#   cmd/pulumi-resource-docker   tfbridge.Main with the schema embedded
# The steps, cache and checks are bridged-provider.sh's. Prints the binary path on stdout.
#
# Put the binary's directory first on PATH for a Pulumi run (the engine uses provider
# binaries on PATH), or set PULUMI_DOCKER_INSTALL_PLUGIN=1 to also install it as plugin
# resource-docker-v<version> with `pulumi plugin install --file` (needs build-cli.sh).
# PULUMI_DOCKER_SKIP_CHECK=1 turns a schema/SDK name mismatch into a warning.
set -euo pipefail
LAB_PART=pulumi-docker
# shellcheck source=lab/pulumi/bridged-provider.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bridged-provider.sh"

# Upstream from the Go proxy (checked 2026-11 to be served here): v4.6.0 (CHANGELOG),
# though its go.mod still says terraform-providers/.
# no_compose: leave out upstream's docker_compose (plugin-framework only, not in the SDK).
# The check covers the resources the lab uses.
pulumi_bridged_provider name=docker \
  upstream_mod=github.com/kreuzwerker/terraform-provider-docker \
  upstream_ver=v0.0.0-20260916201441-96d331c98ff4 \
  upstream_sum=h1:T3HvvZCRd4h2qkMl+SXA2zza26Rdz8xqV81skikQWy4= \
  upstream_path=github.com/terraform-providers/terraform-provider-docker \
  tags=no_compose sdk_file=container.d.ts \
  check=--resources=Container,Network,Volume
