# shellcheck shell=bash
# The versions of what the lab builds for the npm packages (the Pulumi CLI the launcher runs, the
# plugins the SDKs ask for, Node) are read from the project's own manifest, never pinned again
# here: node_modules when installed, else package-lock.json (so a fresh clone agrees too).
# Source it after lib.sh; do not run it.

# lab_npm_version PACKAGE [plugin]: the package's version; with `plugin`, the plugin version a
# Pulumi SDK package asks the engine for (its package.json's pulumi.version).
lab_npm_version() {
  node -e '
    const [repo, name, plugin] = process.argv.slice(1);
    const fs = require("fs"), path = require("path");
    const read = (file) => { try { return JSON.parse(fs.readFileSync(file, "utf8")); } catch { return undefined; } };
    const installed = read(path.join(repo, "node_modules", name, "package.json"));
    let v = (plugin && installed && installed.pulumi && installed.pulumi.version) || (installed && installed.version);
    if (!v) { const lock = read(path.join(repo, "package-lock.json")); v = lock && lock.packages && (lock.packages["node_modules/" + name] || {}).version; }
    if (!v) process.exit(1);
    process.stdout.write(String(v).replace(/^v/, "") + "\n");' "$REPO_DIR" "$1" "${2:-}" \
    || lab_die "no version of $1 in node_modules or package-lock.json"
}
