#!/usr/bin/env bash
# Every file and directory under DIR with its size and modification time, sorted; nothing when DIR
# does not exist. userPulumiHome.test.ts compares two of these listings.
set -euo pipefail
[[ -d "$1" ]] || exit 0
find "$1" -printf '%p\t%y\t%s\t%T@\n' | sort
