#!/usr/bin/env python3
"""Checks the language files against what the templates and the code use.

Fails on: a key used by a template or by the C++ sources that en.json lacks;
a key in en.json that nothing uses; a language file that is not valid JSON,
has keys en.json lacks, or changes a {placeholder}. Reports how complete
each language is. Ends with "N passed, M failed".
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
SECTIONS = ("common", "overview", "devices", "libraries", "password", "connect", "media", "error")
TEMPLATE_KEY = re.compile(r"\{\{[#^/]?\s*t\.([a-z_]+\.[a-z_]+)\s*\}\}")
CODE_KEY = re.compile(r'"((?:%s)\.[a-z_]+)"' % "|".join(SECTIONS))
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)


used = set()
for path in (ROOT / "templates").glob("*.mustache"):
    used |= set(TEMPLATE_KEY.findall(path.read_text(encoding="utf-8")))
for folder in ("hooks", "module"):
    for path in (ROOT / folder).glob("*.[ch]pp"):
        used |= {k for k in CODE_KEY.findall(path.read_text(encoding="utf-8"))
                 if not k.endswith((".hpp", ".cpp", ".h"))}  # not #include lines

english = json.loads((ROOT / "lang" / "en.json").read_text(encoding="utf-8"))
for key in sorted(used - english.keys()):
    check(False, f"'{key}' is used but missing from en.json")
for key in sorted(english.keys() - used):
    check(False, f"'{key}' in en.json is used by no template or hook")
check(used <= english.keys() and english.keys() <= used, "en.json matches what is used")

for path in sorted((ROOT / "lang").glob("*.json")):
    if path.name == "en.json":
        continue
    try:
        strings = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        check(False, f"{path.name} is not valid JSON: {e}")
        continue
    stale = sorted(strings.keys() - english.keys())
    check(not stale, f"{path.name} has keys en.json lacks: {stale}")
    for key in strings.keys() & english.keys():
        check(sorted(PLACEHOLDER.findall(strings[key])) == sorted(PLACEHOLDER.findall(english[key])),
              f"{path.name} '{key}' changes the placeholders")
    missing = sorted(english.keys() - strings.keys())
    state = "complete" if not missing else f"{len(missing)} of {len(english)} missing (English shown)"
    print(f"{path.stem}: {state}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
