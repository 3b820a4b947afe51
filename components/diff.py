"""`python -m components.diff OLD NEW`: the plain diff between two data folders, as the contribution
page shows it ("3 members added, 1 role changed, 2 new sources", then every change with its source).

OLD is usually coalitions_data/, NEW the `data/` folder of a change package. Exits 1 when NEW has
problems OLD has not (printed first, with file, row and column), else 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

from components.data.load import load_dataset
from components.views.contribute.diff import dataset_diff, diff_text

USAGE = "usage: python -m components.diff OLD NEW   (two data folders, e.g. coalitions_data package/data)"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(USAGE, file=sys.stderr)
        return 2
    old, new = load_dataset(Path(args[0])), load_dataset(Path(args[1]))
    # Problems NEW shares with OLD are the published data's, not the change's: counted, not listed.
    known = {(p.file, p.message, p.column) for p in old.problems}
    added = [p for p in new.problems if (p.file, p.message, p.column) not in known]
    for problem in added:
        print(f"{args[1]}: {problem}")
    if len(new.problems) > len(added):
        print(f"({len(new.problems) - len(added)} problem(s) are in {args[0]} too.)")
    print(diff_text(dataset_diff(old, new)))
    return 1 if added else 0


if __name__ == "__main__":
    sys.exit(main())
