"""Run the DfE's SSDA903 rules (`csc-validator-be-903`) on a Header and an Episodes file; print the codes of
the rules each row breaks as JSON. Run by the venv the tests make for the validator, never by Django.

    python ssda903_validate.py FOLDER COLLECTION_YEAR RULESET   (e.g. 2027 lac2026_27 for April 2026 to March 2027)
"""

import importlib
import json
import logging
import sys
from pathlib import Path

logging.disable(logging.CRITICAL)


def main() -> None:
    folder, collection_year, ruleset = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    from lac_validator.lac_validator import LacValidator

    files = [
        {"name": name, "description": "This year", "file_content": (folder / name).read_bytes()}
        for name in ("header.csv", "episodes.csv")
    ]
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    validator = LacValidator(
        metadata={"collectionYear": collection_year, "localAuthority": "E06000035"},
        files=files,
        registry=registry,
        selected_rules=None,
    )
    errors: dict[str, list[str]] = {}
    for table, frame in validator.ds_results.items():
        if not hasattr(frame, "columns"):
            continue
        for column in frame.columns:
            if str(column).startswith("ERR_"):
                flagged = frame[frame[column] == True]  # noqa: E712
                if len(flagged):
                    children = sorted(str(child) for child in flagged.get("CHILD", []))
                    errors.setdefault(str(column)[4:], []).extend(f"{table}:{child}" for child in children)
    print(json.dumps({"errors": errors, "failed_to_run": validator.fails, "ran": len(validator.dones)}))


if __name__ == "__main__":
    main()
