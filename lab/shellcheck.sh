#!/usr/bin/env bash
# `npm run lint`'s shell half: shellcheck (Debian's package, installed when missing) over every
# shell script of the repository: *.sh, and files whose first line names bash or sh (.ci/run).
set -euo pipefail
LAB_PART=shellcheck
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_DIR"
if ! command -v shellcheck >/dev/null; then
  # shellcheck source=lab/docker/apt.sh
  source "$LAB_DIR/docker/apt.sh"
  lab_apt_install shellcheck
fi

scripts=()
while IFS= read -r -d '' file; do
  [[ -f "$file" ]] || continue
  if [[ "$file" == *.sh ]] || head -n 1 "$file" | grep -qE '^#!.*[/ ](ba)?sh([[:space:]]|$)'; then
    scripts+=("$file")
  fi
done < <(git ls-files -z --cached --others --exclude-standard)
(( ${#scripts[@]} )) || lab_die "found no shell scripts"
# Options live in .shellcheckrc (it follows the sourced files from each script's folder).
shellcheck "${scripts[@]}"
lab_log "${#scripts[@]} shell scripts clean"
