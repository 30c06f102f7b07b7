#!/usr/bin/env python3
"""Lays out the Milvus server of a PyPI `milvus` wheel like the upstream image.

The wheel carries `milvus/data/bin/*.lzma` (the `milvus` executable and its shared
libraries, each lzma-compressed), `milvus/data/config.yaml.template` and
`milvus/data/glog.conf`. This writes:
  PREFIX/bin/milvus                     the server
  PREFIX/lib/*.so*                      its libraries (LD_LIBRARY_PATH)
  PREFIX/lab/milvus.yaml.template       the wheel's template, as shipped
  PREFIX/configs/glog.conf

Libraries the wheel bundles that Debian's own packages provide are left out, so that
LD_LIBRARY_PATH=PREFIX/lib cannot shadow the system's copies for other programs (curl,
python3) in the container: glibc's libresolv must match the running glibc, and the GCC
runtime / zlib in bookworm are newer ABI-compatible versions of the bundled ones.

usage: unpack-wheel.py WHEEL PREFIX
"""
import lzma
import os
import shutil
import sys
import zipfile

FROM_DEBIAN = {
    "libresolv.so.2",   # glibc
    "libstdc++.so.6", "libgcc_s.so.1", "libgomp.so.1", "libatomic.so.1",
    "libquadmath.so.0", "libgfortran.so.5",  # GCC runtime (gfortran: nothing links it)
    "libz.so.1",        # zlib1g
}


def main():
    wheel, prefix = sys.argv[1:3]
    for sub in ("bin", "lib", "lab", "configs"):
        os.makedirs(os.path.join(prefix, sub), exist_ok=True)
    with zipfile.ZipFile(wheel) as zf:
        for info in zf.infolist():
            name = info.filename
            if name.startswith("milvus/data/bin/") and name.endswith(".lzma"):
                base = os.path.basename(name)[: -len(".lzma")]
                if base in FROM_DEBIAN:
                    print(f"skip {base} (from Debian)")
                    continue
                dest = os.path.join(prefix, "bin" if base == "milvus" else "lib", base)
                with zf.open(info) as raw, lzma.open(raw) as src, open(dest, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
                os.chmod(dest, 0o755)
                print(f"{dest} ({os.path.getsize(dest)} bytes)")
            elif name == "milvus/data/config.yaml.template":
                with zf.open(info) as src, open(os.path.join(prefix, "lab", "milvus.yaml.template"), "wb") as out:
                    shutil.copyfileobj(src, out)
            elif name == "milvus/data/glog.conf":
                with zf.open(info) as src, open(os.path.join(prefix, "configs", "glog.conf"), "wb") as out:
                    shutil.copyfileobj(src, out)
    if not os.path.isfile(os.path.join(prefix, "bin", "milvus")):
        sys.exit("unpack-wheel: no milvus executable in the wheel (not a Linux wheel?)")


if __name__ == "__main__":
    main()
