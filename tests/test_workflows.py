"""GitHub workflows and the pre-commit hook: what they run and with which permissions.

actionlint itself is not a dependency of the project (see the report of issue 14); these tests keep
the properties that matter for safety and for editors.
"""

import re

import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow):
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow):
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uses(workflow):
    return [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]


def test_pull_request_workflows_are_read_only_and_use_no_secrets():
    found = 0
    for path in sorted(WORKFLOWS.glob("*.yml")):
        workflow = load(path)
        triggers = workflow["on"]
        assert "pull_request_target" not in triggers, path.name
        if "pull_request" not in triggers:
            continue
        found += 1
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for name, job in workflow["jobs"].items():
            assert "permissions" not in job, f"{path.name}: job {name} widens the permissions"
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"secrets\.|secrets:\s*inherit|GITHUB_TOKEN", text), path.name
        for step in steps(workflow):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, path.name
    assert found == 1


def test_pull_request_check_annotates_runs_tests_and_uploads_the_site():
    workflow = load(WORKFLOWS / "pull-request.yml")
    assert "auroras check --format github" in runs(workflow)
    assert "make test" in runs(workflow)
    assert "make site" in runs(workflow)
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"


def test_pages_deploys_from_main_with_the_official_actions():
    workflow = load(WORKFLOWS / "pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses(workflow))
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "auroras check --format github" in runs(workflow) and "make site" in runs(workflow)


def test_pre_commit_runs_auroras_check_when_content_changes():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert hook["entry"].split()[:2] == ["auroras", "check"]
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for changed in ("program.yml", "wordlist.txt", "themes/08-tyohaastattelu/theme.yml",
                    "themes/08-tyohaastattelu/monisteet/harjoittele-tyohaastattelua.md",
                    "a2_lessons/08-tyohaastattelu/lesson.yml", "synonyms.yml"):
        assert files.search(changed), changed
    for unrelated in ("README.md", "build_tools/cli.py", "tests/fixtures/mini/program.yml", "docs/index.md"):
        assert not files.search(unrelated), unrelated
