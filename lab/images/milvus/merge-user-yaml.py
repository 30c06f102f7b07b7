#!/usr/bin/env python3
"""LAB SHIM: Milvus 2.4+ reads configs/user.yaml over milvus.yaml; Milvus 2.3 does not.

Writes OUTPUT = BASE deep-merged with OVERLAY (mappings merged key by key, any other value
of the overlay replaces the base's), so that a user.yaml mounted at /milvus/configs/user.yaml
takes effect on 2.3 as it would on 2.4+. BASE is the pristine milvus.yaml kept in the image,
so repeated starts do not accumulate. Comments of BASE are not kept in OUTPUT.

usage: merge-user-yaml.py BASE OVERLAY OUTPUT
"""
import os
import sys

import yaml


def deep_merge(base, overlay):
    if isinstance(base, dict) and isinstance(overlay, dict):
        merged = dict(base)
        for key, value in overlay.items():
            merged[key] = deep_merge(base[key], value) if key in base else value
        return merged
    return overlay


def main():
    base_path, overlay_path, output_path = sys.argv[1:4]
    with open(base_path, encoding="utf-8") as f:
        base = yaml.safe_load(f) or {}
    with open(overlay_path, encoding="utf-8") as f:
        overlay = yaml.safe_load(f)
    if overlay is None:
        overlay = {}
    if not isinstance(overlay, dict):
        sys.exit(f"merge-user-yaml: {overlay_path} is not a YAML mapping")
    merged = deep_merge(base, overlay)
    tmp = output_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"# Generated at container start by the lab entrypoint: {base_path}\n"
                f"# deep-merged with {overlay_path}. Edit those, not this file.\n")
        yaml.safe_dump(merged, f, default_flow_style=False, sort_keys=False)
    os.replace(tmp, output_path)


if __name__ == "__main__":
    main()
