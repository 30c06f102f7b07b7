# shellcheck shell=bash
# Sourced by lab scripts (after lib.sh): installs Debian packages that are missing.
# apt-get update runs at most once per process, and only when something is missing.

LAB_APT_UPDATED="${LAB_APT_UPDATED:-}"

# lab_apt_install PKG... : installs the packages of the list that are not installed yet.
lab_apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  (( ${#missing[@]} )) || return 0
  [[ $(id -u) == 0 ]] || lab_die "need root to apt-get install ${missing[*]}"
  local logdir="$LAB_CACHE/logs"; mkdir -p "$logdir"
  # A recent update (stamp younger than 6 h) by any lab script is reused.
  local stamp="$LAB_CACHE/apt-updated.stamp"
  if [[ -z $LAB_APT_UPDATED && -f $stamp && -n $(find "$stamp" -mmin -360) ]]; then
    LAB_APT_UPDATED=1
  fi
  if [[ -z $LAB_APT_UPDATED ]]; then
    # Sources other than Debian's may be unreachable here: their failure is not fatal.
    lab_slow "apt-get update" "$logdir/apt-update.log" \
      bash -c 'apt-get -o DPkg::Lock::Timeout=600 update || true'
    LAB_APT_UPDATED=1
    touch "$stamp"
  fi
  lab_slow "apt-get install ${missing[*]}" "$logdir/apt-install.log" \
    env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
    --no-install-recommends "${missing[@]}"
}
