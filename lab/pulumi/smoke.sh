#!/usr/bin/env bash
# End-to-end check of the offline Pulumi install: a throwaway Node program (stack output
# + one dynamic resource) on a local file backend, through the project's npm launcher
# (node_modules/.bin/pulumi), and a policy pack on its preview (the language host runs it).
# Needs install.sh (or build-cli.sh) and `npm ci` first.
set -euo pipefail
LAB_PART=pulumi-smoke
# shellcheck source=lab/pulumi/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

[[ -d "$REPO_DIR/node_modules/@pulumi/pulumi" ]] || lab_die "run npm ci in $REPO_DIR first"
launcher="$REPO_DIR/node_modules/.bin/pulumi"
[[ -x "$launcher" ]] || launcher="$(pulumi_cli)"
PATH="$(pulumi_node22_bin):$PATH"

tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
pulumi_offline_env "$tmp/state"
mkdir -p "$tmp/prog" && cd "$tmp/prog"
ln -s "$REPO_DIR/node_modules" node_modules
printf 'name: lab-smoke\nruntime: nodejs\n' >Pulumi.yaml
printf '{ "name": "lab-smoke", "private": true, "main": "index.js" }\n' >package.json
cat >index.js <<'EOF'
const pulumi = require("@pulumi/pulumi");
const echo = {
  async create(inputs) { return { id: "echo", outs: { said: String(inputs.say) } }; },
};
class Echo extends pulumi.dynamic.Resource {
  constructor(name, say) { super(echo, name, { say, said: undefined }); }
}
exports.greeting = `hello ${pulumi.getStack()}`;
exports.said = new Echo("echo", "offline").said;
EOF

"$launcher" version >&2
"$launcher" stack init dev >&2
"$launcher" up --yes --skip-preview >"$tmp/up.log" 2>&1 || { cat "$tmp/up.log" >&2; lab_die "pulumi up failed"; }
out="$("$launcher" stack output --json)"
printf '%s\n' "$out" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const o=JSON.parse(s);
  if (o.greeting !== "hello dev" || o.said !== "offline") { console.error("unexpected outputs", o); process.exit(1); }})' \
  || lab_die "unexpected stack outputs: $out"

# A pack whose one rule fails with what the engine handed it: it ran, and got the stack's config.
mkdir -p "$tmp/pack"
ln -s "$REPO_DIR/policy/node_modules" "$tmp/pack/node_modules"
printf 'runtime: nodejs\n' >"$tmp/pack/PulumiPolicy.yaml"
printf '{ "name": "lab-smoke-pack", "version": "0.0.1", "main": "index.js" }\n' >"$tmp/pack/package.json"
cat >"$tmp/pack/index.js" <<'EOF'
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("lab-smoke-pack", { enforcementLevel: "mandatory", policies: [{
  name: "reports-its-input", description: "reports what it got",
  validateStack: (args, report) => report(`saw ${args.resources.length} resources and config ${process.env.PULUMI_CONFIG}`),
}] });
EOF
"$launcher" config set smoke-key smoke-value >&2
if "$launcher" preview --color never --policy-pack "$tmp/pack" >"$tmp/preview.log" 2>&1; then
  cat "$tmp/preview.log" >&2; lab_die "the policy pack's mandatory violation did not fail the preview"
fi
grep -q 'saw [0-9]* resources and config {"lab-smoke:smoke-key":"smoke-value"}' "$tmp/preview.log" \
  || { cat "$tmp/preview.log" >&2; lab_die "the policy pack did not run, or did not get the stack's config"; }
"$launcher" destroy --yes >/dev/null 2>&1 || lab_die "pulumi destroy failed"
lab_log "ok: up, outputs ($out), a policy pack on preview, destroy on a local backend, no download"
