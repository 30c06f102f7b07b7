#!/usr/bin/env bash
# The Python recipe's venv (examples/clients/python/requirements.txt), cached under the lab cache
# keyed by the requirements' hash. Prints the venv's python on stdout.
LAB_PART=clients-python
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# shellcheck source=lab/clients/common.sh
source "$LAB_DIR/clients/common.sh"

requirements="$LAB_CLIENTS_SRC/python/requirements.txt"
venv="$LAB_CLIENTS_CACHE/python-$(lab_clients_key "$requirements")"
if [[ -f "$venv/.installed" ]]; then
  lab_log "cached: $venv"
  echo "$venv/bin/python"
  exit 0
fi
py="${PYTHON:-python3}"
command -v "$py" >/dev/null || lab_die "$py is not on PATH"
rm -rf "$venv"
"$py" -m venv "$venv"
lab_slow "pip install -r examples/clients/python/requirements.txt ($("$py" --version))" "$venv.pip.log" \
  "$venv/bin/pip" install --no-input -r "$requirements"
touch "$venv/.installed"
echo "$venv/bin/python"
