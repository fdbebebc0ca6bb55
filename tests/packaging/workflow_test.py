#!/usr/bin/env python3
"""The GitHub Actions workflow cannot run here, so check what can be checked:
it parses, its matrix covers both compilers and PostgreSQL 13, 15 and 18, and
every project script a step runs exists in the checkout.
Usage: workflow_test.py SOURCE_DIR"""
import pathlib
import re
import sys

import yaml

source = pathlib.Path(sys.argv[1])
workflows = sorted((source / ".github" / "workflows").glob("*.yml"))
problems = []
if not workflows:
    problems.append("no workflow under .github/workflows")
for path in workflows:
    workflow = yaml.safe_load(path.read_text())
    jobs = workflow.get("jobs") or {}
    if not jobs:
        problems.append(f"{path.name}: no jobs")
    for name, job in jobs.items():
        matrix = (job.get("strategy") or {}).get("matrix") or {}
        if "postgres" in matrix and not {"13", "15", "18"} <= set(map(str, matrix["postgres"])):
            problems.append(f"{path.name}: job {name} does not test PostgreSQL 13, 15 and 18")
        if "compiler" in matrix and not {"g++", "clang++"} <= set(matrix["compiler"]):
            problems.append(f"{path.name}: job {name} does not build with g++ and clang++")
        for step in job.get("steps") or []:
            for script in re.findall(r"(?:bash\s+)?((?:scripts|\.ci)/[\w./-]+)", step.get("run", "")):
                if not (source / script).is_file():
                    problems.append(f"{path.name}: job {name} runs {script}, which does not exist")
for problem in problems:
    print(f"workflow_test: {problem}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"workflow_test: {len(workflows)} workflow(s) parse; every script they run exists")
