"""Run inside the validator's own environment (it pins pandas below 2): checks a CIN census XML file against
the XSD (lxml) and the DfE's rules (csc-validator-be-cin), and prints what each found as JSON.

    python cin_validator_run.py census.xml schema.xsd
"""

import contextlib
import importlib
import io
import json
import re
import sys
import xml.etree.ElementTree as ET


def main(xml_path: str, xsd_path: str) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(xsd_path))
    document = etree.parse(xml_path)
    schema.validate(document)
    xsd_errors = [f"line {error.line}: {error.message}" for error in schema.error_log]

    from cin_validator import cin_validator

    root = ET.parse(xml_path).getroot()
    data_files = cin_validator.process_data(cin_validator.convert_data(root))
    registry = importlib.import_module("cin_validator.rules.cin2025_26").registry
    # The validator prints, and otherwise passes over, a rule that fails to run ("Error with rule 8614: ..."):
    # those are reported too, so that a rule that never ran is not taken for a rule that passed.
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        validator = cin_validator.CinValidator(data_files, registry)
    not_run = sorted(set(re.findall(r"Error with rule (\w+):", printed.getvalue())))
    issues = validator.full_issue_df
    rules = []
    if issues is not None and len(issues):
        for row in issues.to_dict("records"):
            rules.append(
                {
                    "rule": str(row.get("rule_code")),
                    # The validator names the child "child_id" in its report (LAchildID in its tables).
                    "child": str(row.get("child_id", row.get("LAchildID"))),
                    "message": str(row.get("rule_description", "")),
                }
            )
    print(json.dumps({"xsd_errors": xsd_errors, "rule_errors": rules, "rules_not_run": not_run}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
