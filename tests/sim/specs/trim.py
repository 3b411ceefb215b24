#!/usr/bin/env python3
"""Makes the trimmed OpenAPI specs in this folder from the published ones.

A trimmed spec keeps the published spec's header, every path the simulator
serves (the routes registered in sdk/sim/*.cpp, matched case-insensitively
with parameter names ignored, with or without Emby's /emby prefix), and every
component schema those paths reference, directly or through other schemas.
Nothing that is kept is changed, only re-indented.

Usage: trim.py PUBLISHED.json TRIMMED.json
The provenance of the published files is in SOURCES.md beside this script."""

import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SIM_SOURCES = os.path.join(HERE, "..", "..", "..", "sdk", "sim", "*.cpp")


def shape(path):
    path = re.sub(r"^/emby(?=/|$)", "", path, flags=re.IGNORECASE)
    return re.sub(r"\{[^}]*\}", "{}", path.strip("/")).lower()


def sim_routes():
    routes = set()
    for source in glob.glob(SIM_SOURCES):
        with open(source, encoding="utf-8") as f:
            for method, path in re.findall(r'router\.add\("([A-Z]+)",\s*"([^"]+)"', f.read()):
                routes.add((method.lower(), shape(path)))
    if not routes:
        sys.exit("trim.py: no routes found in %s" % SIM_SOURCES)
    return routes


def refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref[len("#/components/schemas/"):])
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)
    return found


def trim(spec, routes):
    paths = {}
    for path, item in spec["paths"].items():
        kept = {m: op for m, op in item.items() if (m.lower(), shape(path)) in routes}
        if kept:
            paths[path] = kept
    schemas = spec["components"].get("schemas", {})
    wanted, todo = set(), refs(paths, set())
    while todo:
        name = todo.pop()
        if name in wanted or name not in schemas:
            continue
        wanted.add(name)
        todo |= refs(schemas[name], set()) - wanted
    out = {k: v for k, v in spec.items() if k not in ("paths", "components")}
    out["paths"] = paths
    components = {k: v for k, v in spec["components"].items() if k != "schemas"}
    components["schemas"] = {name: schemas[name] for name in sorted(wanted)}
    out["components"] = components
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    trimmed = trim(spec, sim_routes())
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(trimmed, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print("%s: %d of %d paths, %d of %d schemas" % (
        os.path.basename(sys.argv[2]), len(trimmed["paths"]), len(spec["paths"]),
        len(trimmed["components"]["schemas"]), len(spec["components"].get("schemas", {}))))


if __name__ == "__main__":
    main()
