"""`make import-wordpress WXR=export.xml [APPLY=1] [UPLOADS=...] [MAP=...]`: the command itself."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ...checks import site as checks
from ...errors import CampaignError
from . import mapfile, report, safety
from .media import MediaStore
from .plan import Import, categories_of, make_plan, scan_existing
from .wxr import read_wxr

REDIRECTS_FILE = "redirects.toml"


def redirects_toml(redirects: dict[str, str]) -> str:
    """content/redirects.toml: old address = new address, one a line."""
    lines = ["# Old addresses of the WordPress site and where they lead now. Written by",
             "# `make import-wordpress`; the build makes host redirects of them (README: Move from WordPress).",
             "", "[redirects]"]
    lines += [f"{json.dumps(old)} = {json.dumps(new)}" for old, new in sorted(redirects.items())]
    return "\n".join(lines) + "\n"


def _write(imp: Import, root: Path, content: Path) -> list[str]:
    """Write posts, files and redirects.toml, never over a file changed since; what was left alone."""
    manifest = safety.Manifest(content)
    left = []
    for entry in imp.entries:
        if entry.kept:
            left.append(entry.kept)
            continue
        if entry.path.exists() and entry.path.read_text(encoding="utf-8") == entry.text:
            continue
        entry.path.parent.mkdir(parents=True, exist_ok=True)
        entry.path.write_text(entry.text, encoding="utf-8")
    for fetched in imp.media.found.values():
        if fetched.data is None or fetched.dest is None:
            continue
        if not manifest.may_write(fetched.dest):
            left.append(f"{fetched.dest.relative_to(root)} was not written by the import, or was changed since: left as it is")
            continue
        fetched.dest.parent.mkdir(parents=True, exist_ok=True)
        fetched.dest.write_bytes(fetched.data)
        manifest.record(fetched.dest, fetched.data)
    dest = content / REDIRECTS_FILE
    data = redirects_toml(imp.toml_redirects).encode("utf-8")
    if manifest.may_write(dest):
        dest.write_bytes(data)
        manifest.record(dest, data)
    else:
        left.append(f"{dest.relative_to(root)} was changed by hand: left as it is; the new redirects are in "
                    f"{REDIRECTS_FILE}.new")
        dest.with_name(REDIRECTS_FILE + ".new").write_bytes(data)
    manifest.save()
    return left


def run(root: Path, wxr: Path, map_path: Path, apply: bool, uploads: Path | None) -> int:
    """Dry run or import; the exit status is 0 only when everything asked for was done."""
    conf, cs = checks.load_settings(root)
    export = read_wxr(wxr)
    content = cs.content_dir
    if uploads is not None and not uploads.is_dir():
        raise CampaignError.at(str(uploads), 1, "the uploads folder is not there",
                               "give the wp-content/uploads folder copied from the old site: UPLOADS=path/to/uploads")
    # The dry run looks for every file too (so it can say which are missing); it writes none.
    media = MediaStore(export.site_url, content, uploads, fetch=True)
    existing = scan_existing(content, conf)
    categories, counts = categories_of(export)
    if not map_path.exists():
        imp = make_plan(export, conf, cs, {}, existing, MediaStore(export.site_url, content, uploads, fetch=False))
        print(report.render(imp, root, {}, applied=False, today=cs.today))
        mapfile.write_template(map_path, [(t, counts.get(t.slug, 0)) for t in categories], cs.sections)
        print(f"Wrote {map_path} with the {len(categories)} categories of the export. Write a section after each "
              f"`=`, then run the command again.", file=sys.stderr)
        return 2
    mapping = mapfile.read_map(map_path, cs.sections)
    missing = mapfile.unmapped(mapping, [t.slug for t in categories])
    if missing:
        raise CampaignError.at(str(map_path), 1, f"{len(missing)} categor{'y has' if len(missing) == 1 else 'ies have'} "
                                                  f"no section: {', '.join(missing)}",
                               'add a line `"slug" = "Section title"` for each, or `"*" = "Section title"` for all the rest')
    imp = make_plan(export, conf, cs, mapping, existing, media)
    text = report.render(imp, root, mapping, applied=apply, today=cs.today)
    if not apply:
        print(text)
        print("Dry run: nothing was written. Add APPLY=1 to import.", file=sys.stderr)
        return 0
    left = _write(imp, root, content)
    if left:
        text += "\n## Left alone on this run\n\n" + "\n".join(f"- {line}" for line in left) + "\n"
    (root / "import-report.md").write_text(text, encoding="utf-8")
    print(text)
    print(f"Imported; the report is in {root / 'import-report.md'}. Now the check:", file=sys.stderr)
    return checks.main(root)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: print problems as path:line: what — fix, exit non-zero on any."""
    parser = argparse.ArgumentParser(prog="import-wordpress", description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", help="the project folder (pelicanconf.py, content/)")
    parser.add_argument("--wxr", required=True, help="the WordPress export (.xml)")
    parser.add_argument("--map", default="", help="the category map (default: wordpress-map.toml in the project)")
    parser.add_argument("--apply", action="store_true", help="import (without: a dry run that writes nothing)")
    parser.add_argument("--uploads", default="", help="a copy of the old site's wp-content/uploads folder")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    map_path = Path(args.map) if args.map else root / "wordpress-map.toml"
    try:
        return run(root, Path(args.wxr), map_path, args.apply, Path(args.uploads) if args.uploads else None)
    except CampaignError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
