"""`python -m components.validate [DATA_DIR]`: print every data problem; exit 1 if there are any."""

from __future__ import annotations

import sys
from pathlib import Path

from components.data.load import data_dir_from_env, load_dataset


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else data_dir_from_env()
    data = load_dataset(folder)
    for problem in data.problems:
        print(problem)
    rows = sum(len(t) for t in data.tables.values())
    if data.problems:
        print(f"\n{len(data.problems)} problem(s) in {folder}.")
        return 1
    print(f"{folder}: {len(data.tables)} tables, {rows} rows, no problems (data as of {data.as_of}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
