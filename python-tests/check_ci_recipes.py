#!/usr/bin/env python3
"""Lints the CI recipes that `emrdag init` writes (and the README shows), offline except for a first install.

    python3 check_ci_recipes.py

The recipes are generator/src/main/resources/io/emrdag/init/github-workflow.yml and gitlab-ci.yml. The GitHub workflow
is checked with actionlint (expressions, job needs, action inputs, permissions; installed with `go install`, pinned,
into ~/.cache/emrdag/tools/, reused afterwards) and against the GitHub workflow schema; the GitLab job against GitLab's
CI schema. Both schemas are the ones check-jsonschema ships (its pinned venv, shared with check_schemas.py), so the
check runs offline. Broken copies (a misspelt key, a job that needs a job that does not exist) must be rejected, so
that a linter that checks nothing fails here. Exit codes: 0 passed, 1 a check failed, 3 environment error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RECIPES = REPO / "generator" / "src" / "main" / "resources" / "io" / "emrdag" / "init"
PINS = HERE / "pins" / "check-jsonschema.txt"
ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint"
ACTIONLINT_VERSION = "v1.7.12"
sys.path.insert(0, str(REPO / "generator" / "src" / "main" / "resources" / "io" / "emrdag" / "verify"))
from environments import EnvironmentProblem, ensure_venv  # noqa: E402

CLOSED_PORT = "http://127.0.0.1:9"


def cache() -> Path:
    return Path(os.environ.get("EMRDAG_CACHE") or Path.home() / ".cache" / "emrdag")


def actionlint() -> Path:
    """actionlint at the pinned version, built once with the Go toolchain into emrdag's cache."""
    folder = cache() / "tools" / f"actionlint-{ACTIONLINT_VERSION}"
    binary = folder / "actionlint"
    if binary.is_file():
        return binary
    go = shutil.which("go") or ("/usr/local/go/bin/go" if Path("/usr/local/go/bin/go").is_file() else None)
    if go is None:
        raise EnvironmentProblem("actionlint needs the Go toolchain (go on the PATH) for its first install")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"installing actionlint {ACTIONLINT_VERSION} into {folder} (once) …", flush=True)
    result = subprocess.run(
        [go, "install", f"{ACTIONLINT}@{ACTIONLINT_VERSION}"],
        env={**os.environ, "GOBIN": str(folder)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if result.returncode != 0 or not binary.is_file():
        raise EnvironmentProblem(f"go install {ACTIONLINT}@{ACTIONLINT_VERSION} failed:\n{result.stdout}")
    return binary


def offline_environment() -> dict:
    env = {
        k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
    }
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env[name] = CLOSED_PORT
    return env


def main() -> int:
    try:
        venv = ensure_venv("check-jsonschema", PINS)
        lint = actionlint()
    except EnvironmentProblem as problem:
        print(problem, file=sys.stderr)
        return 3
    schema_tool = venv / "bin" / "check-jsonschema"
    failures = []

    def expect(what: str, command: list, passes: bool, mentions: str | None = None) -> None:
        result = subprocess.run(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=offline_environment()
        )
        ok = (result.returncode == 0) == passes and (mentions is None or mentions in result.stdout)
        print(f"  {'ok' if ok else 'FAILED'}  {what}", flush=True)
        if not ok:
            failures.append(what)
            print(result.stdout, flush=True)

    workflow = RECIPES / "github-workflow.yml"
    gitlab = RECIPES / "gitlab-ci.yml"
    with tempfile.TemporaryDirectory(prefix="emrdag-ci-recipes-") as tmp:
        # actionlint reads workflows where GitHub does: .github/workflows/ of a repository.
        repo = Path(tmp) / "repo"
        (repo / ".github" / "workflows").mkdir(parents=True)
        shutil.copy(workflow, repo / ".github" / "workflows" / "emrdag.yml")
        broken = repo / ".github" / "workflows" / "broken.yml"
        broken.write_text(workflow.read_text().replace("needs: check", "needs: chekc", 1))
        good = repo / ".github" / "workflows" / "emrdag.yml"
        expect("actionlint: the GitHub workflow", [lint, "-no-color", good], passes=True)
        expect(
            "actionlint: a copy whose deploy needs a job that does not exist is rejected",
            [lint, "-no-color", broken],
            passes=False,
            mentions="chekc",
        )
        # Each recipe against its CI's schema, and a copy with one misspelt key that the schema must reject.
        schemas = (
            ("GitHub workflow schema", "vendor.github-workflows", workflow, "the workflow", "runs-on:", "run-on:"),
            ("GitLab CI schema", "vendor.gitlab-ci", gitlab, "the GitLab job", "  rules:\n", "  rule:\n"),
        )
        for title, schema, recipe, what, key, typo in schemas:
            command = [schema_tool, "--no-cache", "--builtin-schema", schema]
            misspelt = Path(tmp) / f"typo-{recipe.name}"
            misspelt.write_text(recipe.read_text().replace(key, typo, 1))
            expect(f"{title}: {what}", [*command, recipe], passes=True)
            expect(f"{title}: a copy with {typo.strip()} is rejected", [*command, misspelt], passes=False)
    print(f"{6 - len(failures)} passed, {len(failures)} failed", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
