#!/usr/bin/env python3
"""Renders the milvus.yaml template shipped in the PyPI `milvus` wheel into a static file.

The wheel's template has placeholders `{{ name }}`, `{{ name: default }}`,
`{{ name(type) }}` and `{{ name(type): default }}`, which the wheel's launcher fills in on
every start (ports it picked, paths under its data dir). Here they are filled once with the
values of a container shaped like the upstream milvusdb/milvus standalone image: default
ports, data under /var/lib/milvus, logs to stdout. A placeholder with neither a value here
nor a default in the template is an error (a newer template would need a look).

usage: render-config.py TEMPLATE OUTPUT
"""
import re
import sys

VALUES = {
    # embedded etcd (ETCD_USE_EMBED / ETCD_DATA_DIR / ETCD_CONFIG_PATH env still win)
    "etcd_log_level": "info",
    "etcd_log_path": "stdout",
    "etcd_data_dir": "/var/lib/milvus/etcd",
    # local storage and the embedded message queue, as in the upstream image
    "local_storage_dir": "/var/lib/milvus/data",
    "rocksmq_data_dir": "/var/lib/milvus/rdb_data",
    # empty: Milvus logs to stdout only (docker logs), as the upstream image does
    "system_log_path": "",
}

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*(?:\(\s*(\w+)\s*\))?\s*(?::\s*([^}]*?))?\s*\}\}")


def render(text):
    missing = []

    def fill(match):
        name, _type, default = match.group(1), match.group(2), match.group(3)
        if name in VALUES:
            return VALUES[name]
        if default is not None and default != "":
            return default
        missing.append(name)
        return match.group(0)

    out = PLACEHOLDER.sub(fill, text)
    if missing:
        sys.exit(f"render-config: no value for {', '.join(sorted(set(missing)))}")
    if "{{" in out:
        sys.exit("render-config: placeholders left after rendering")
    return out


def main():
    template, output = sys.argv[1:3]
    with open(template, encoding="utf-8") as f:
        text = render(f.read())
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
