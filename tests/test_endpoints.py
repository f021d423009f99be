"""Managed online endpoints: the az ml YAML against seed 001 and the real azure-ai-ml loaders, and the
decisions the output must show (egress flag only in legacy mode, traffic, the inference DNS record)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, example_names, hcl_unquote, parse_bicep, parse_hcl, render_example, render_text

DATA = ROOT / "tests" / "data"
SCHEMAS = {
    "endpoint.yml": "https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json",
    "deployment": "https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json",
}
WALKTHROUGH = "legacy-endpoint-local-code"  # the endpoint and deployment of the secure endpoint walk-through
ENDPOINT_DIR = "endpoints/california-housing-service"


def yaml_files(example: str) -> dict[str, str]:
    return {p: t for p, t in render_example(example, "terraform").items() if p.endswith(".yml")}


ENDPOINT_EXAMPLES = [name for name in example_names() if yaml_files(name)]


def test_seed_001_endpoint_is_equivalent_key_by_key() -> None:
    seed = yaml.safe_load((DATA / "seed-001-endpoint.yml").read_text())
    ours = yaml.safe_load(yaml_files(WALKTHROUGH)[f"{ENDPOINT_DIR}/endpoint.yml"])
    assert ours.pop("$schema") == SCHEMAS["endpoint.yml"]
    assert ours == seed


def test_seed_001_deployment_is_equivalent_key_by_key() -> None:
    text = (DATA / "seed-001-deployment.yml").read_text()
    # The blog post indents 'code: ./' under 'model:', which is not valid YAML. It is the deployment's
    # code folder, which the CLI v2 schema spells code_configuration.code; read it that way.
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(text)
    lines = text.splitlines()
    code_line = next(line for line in lines if line.strip() == "code: ./")
    seed = yaml.safe_load("\n".join(line for line in lines if line != code_line))
    seed["code_configuration"] = {"code": code_line.split(":", 1)[1].strip()}
    ours = yaml.safe_load(yaml_files(WALKTHROUGH)[f"{ENDPOINT_DIR}/deployment-default.yml"])
    assert ours.pop("$schema") == SCHEMAS["deployment"]
    # The walk-through's YAML sits beside its code ('./'); ours sits two folders down the module, which is
    # rendered beside the intent here, and names the same folder from there.
    assert ours["code_configuration"].pop("code") == "../.."
    assert seed["code_configuration"].pop("code") == "./"
    assert ours == seed


@pytest.mark.parametrize("example", ENDPOINT_EXAMPLES)
def test_yaml_is_the_same_for_both_targets(example: str) -> None:
    bicep = {p: t for p, t in render_example(example, "bicep").items() if p.endswith(".yml")}
    assert bicep == yaml_files(example)


@pytest.mark.parametrize("example", ENDPOINT_EXAMPLES)
def test_azure_ai_ml_loads_the_yaml(example: str, tmp_path: Path) -> None:
    from azure.ai.ml import load_online_deployment, load_online_endpoint
    from azure.ai.ml.entities import ManagedOnlineDeployment, ManagedOnlineEndpoint

    for path, text in yaml_files(example).items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        data = yaml.safe_load(text)
        if path.endswith("/endpoint.yml"):
            assert data["$schema"] == SCHEMAS["endpoint.yml"]
            endpoint = load_online_endpoint(source=target)
            assert isinstance(endpoint, ManagedOnlineEndpoint)
            assert (endpoint.name, endpoint.auth_mode, endpoint.public_network_access) == \
                (data["name"], data["auth_mode"], data["public_network_access"])
        else:
            assert data["$schema"] == SCHEMAS["deployment"]
            deployment = load_online_deployment(source=target)
            assert isinstance(deployment, ManagedOnlineDeployment)
            assert deployment.endpoint_name == data["endpoint_name"]
            assert deployment.egress_public_network_access == data.get("egress_public_network_access")
            assert deployment.instance_count == data["instance_count"]


def _managed_network(example: str) -> bool:
    intent = yaml.safe_load((ROOT / "examples" / example / "intent.yaml").read_text())
    return intent["workspace"]["managed_network"]["isolation_mode"] != "disabled"


@pytest.mark.parametrize("example", ENDPOINT_EXAMPLES)
def test_egress_flag_only_without_managed_network(example: str) -> None:
    texts = {**render_example(example, "bicep"), **render_example(example, "terraform")}
    code = "\n".join(line for text in texts.values() for line in text.splitlines()
                     if not line.lstrip().startswith(("#", "//")))
    if _managed_network(example):
        assert "egressPublicNetworkAccess" not in code
        assert "egress_public_network_access" not in code
    else:
        assert "egress_public_network_access" in code
        in_template = "online_deployment_" in texts["online_endpoints.tf"]
        assert ("egressPublicNetworkAccess" in code) == in_template


def test_egress_disabled_deployment_names_the_private_endpoints_azure_creates() -> None:
    files = render_example("legacy-secure-inbound-secure-outbound", "terraform")
    flat = " ".join(line.lstrip("# ") for line in files["online_endpoints.tf"].splitlines())
    assert "three private endpoints" in flat and "workspace, its blob storage and its container registry" in flat
    assert "cannot be changed after creation" in flat


@pytest.mark.parametrize("example", ENDPOINT_EXAMPLES)
def test_terraform_bodies_use_arm_names(example: str) -> None:
    resources = parse_hcl(render_example(example, "terraform")["online_endpoints.tf"])["resource"]
    seen = set()
    for block in resources:
        for kind, instances in block.items():
            for body in instances.values():
                arm_type = hcl_unquote(body["type"]).split("@")[0]
                if hcl_unquote(kind) != "azapi_resource":
                    continue
                seen.add(arm_type)
                if arm_type.endswith("/deployments"):
                    properties = body["body"]["properties"]
                    assert hcl_unquote(properties["endpointComputeType"]) == "Managed"
                    assert set(properties) >= {"model", "instanceType", "scaleSettings"}
                    assert body["body"]["sku"]["capacity"] >= 1
                    assert hcl_unquote(body["parent_id"]).startswith("${azapi_resource.online_endpoint_")
                else:
                    assert arm_type == "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"
                    assert set(body["body"]["properties"]) == {"authMode", "publicNetworkAccess"}
                    assert "azurerm_machine_learning_workspace.this.id" in body["parent_id"]
    assert "Microsoft.MachineLearningServices/workspaces/onlineEndpoints" in seen


def test_traffic_follows_the_deployments_in_both_targets() -> None:
    example = "legacy-secure-inbound-secure-outbound"
    bicep = render_example(example, "bicep")
    traffic = parse_bicep(bicep["modules/online-endpoint-traffic.bicep"])["resources"]
    (endpoint,) = [resource for resource in traffic.values() if not resource["existing"]]
    assert endpoint["config"]["properties"]["traffic"] == {"blue": 100}
    main = parse_bicep(bicep["main.bicep"])["modules"]["onlineEndpointTraffic"]
    # The traffic module waits for the module that creates the deployments.
    assert main["config"]["dependsOn"] == ["onlineEndpoints"]
    tf = parse_hcl(render_example(example, "terraform")["online_endpoints.tf"])["resource"]
    updates = [body for block in tf for kind, inst in block.items() if hcl_unquote(kind) == "azapi_update_resource"
               for body in inst.values()]
    assert len(updates) == 1 and updates[0]["depends_on"]


BY_HAND = """
version: 1
name: contoso-ml
location: westeurope
workspace: {public_network_access: disabled}
resources: {container_registry: {sku: Premium}}
inbound:
  private_endpoint:
    virtual_network: {address_space: 10.0.0.0/16}
    subnet: {prefix: 10.0.1.0/24}
dns: {zones: %s}
endpoints:
  - name: scoring
    deployments:
      - {name: blue, model: "azureml:m:1", environment: "azureml:e:1", instance_type: Standard_DS3_v2,
         egress_public_network_access: disabled}
assets:
  - {kind: model, name: m, version: 1, existing: true}
  - {kind: environment, name: e, version: 1, existing: true}
  - {kind: code, name: c, version: 1, existing: true}
"""


@pytest.mark.parametrize(("zones", "phrase"), [("none, servers: [10.0.0.4]", "Records are managed by hand"),
                                               ("create", "makes Azure write this record")])
def test_inference_dns_record_explained(zones: str, phrase: str) -> None:
    for target, comment in (("terraform", "#"), ("bicep", "//")):
        files = render_text(BY_HAND % zones, target)
        text = files["online_endpoints.tf" if target == "terraform" else "modules/online-endpoints.bicep"]
        flat = " ".join(line.strip().removeprefix(comment).strip() for line in text.splitlines())
        assert phrase in flat
        assert "*.<workspace GUID>.inference.westeurope in privatelink.api.azureml.ms" in flat
    outputs = parse_hcl(render_text(BY_HAND % zones, "terraform")["outputs.tf"])["output"]
    names = {hcl_unquote(name) for block in outputs for name in block}
    assert {"workspace_guid", "inference_dns_record"} <= names


def test_user_strings_are_quoted_in_yaml(tmp_path: Path) -> None:
    tricky = 'score.py" # x\nkey: value'
    text = (BY_HAND % "create").replace('instance_type: Standard_DS3_v2,',
                                        'instance_type: Standard_DS3_v2, code: {asset: "azureml:c:1", '
                                        f'scoring_script: {yaml.safe_dump(tricky).strip()}}},')
    files = render_text(text, "terraform")
    data = yaml.safe_load(files["endpoints/scoring/deployment-blue.yml"])
    assert data["code_configuration"]["scoring_script"] == tricky


@pytest.mark.parametrize("example", ENDPOINT_EXAMPLES)
def test_summary_counts_the_private_endpoints_azure_creates(example: str) -> None:
    intent = yaml.safe_load((ROOT / "examples" / example / "intent.yaml").read_text())
    isolated = sum(1 for endpoint in intent["endpoints"] for d in endpoint["deployments"]
                   if d.get("egress_public_network_access") == "disabled" and not _managed_network(example))
    summary = render_example(example, "terraform")["endpoints/README.md"]
    assert f"Private endpoints Azure creates outside the template: {3 * isolated}." in summary
    rows = [line for line in summary.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == sum(len(endpoint["deployments"]) for endpoint in intent["endpoints"])


@pytest.mark.parametrize("target", ["bicep", "terraform"])
def test_cli_writes_the_az_ml_files(tmp_path: Path, target: str) -> None:
    from typer.testing import CliRunner

    from amlgen.cli import app

    out = tmp_path / "infra"
    intent = ROOT / "examples" / WALKTHROUGH / "intent.yaml"
    result = CliRunner().invoke(app, ["render", str(intent), "--target", target, "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {f"{ENDPOINT_DIR}/endpoint.yml", f"{ENDPOINT_DIR}/deployment-default.yml", "endpoints/README.md"} <= written


def test_cli_refuses_the_egress_flag_with_a_managed_network(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from amlgen.cli import app

    intent = tmp_path / "intent.yaml"
    intent.write_text((ROOT / "examples" / "endpoint-managed-vnet-internet-outbound-private-endpoint"
                       / "intent.yaml").read_text().replace(
        "        traffic: 100\n", "        traffic: 100\n        egress_public_network_access: disabled\n"))
    out = tmp_path / "infra"
    result = CliRunner().invoke(app, ["render", str(intent), "--target", "terraform", "--out", str(out)])
    assert result.exit_code == 2
    assert "AML501" in result.output and "Traceback" not in result.output
    assert not out.exists()


# --- the az ml files read like Azure's samples --------------------------------------------------------

@pytest.mark.parametrize("example", ENDPOINT_EXAMPLES)
def test_az_ml_files_start_with_the_comment_and_name_group_and_workspace(example: str) -> None:
    intent = yaml.safe_load((ROOT / "examples" / example / "intent.yaml").read_text())
    workspace = f"mlw-{intent['name']}"
    for path, text in yaml_files(example).items():
        lines = text.splitlines()
        header = lines[:lines.index(next(line for line in lines if not line.startswith("#")))]
        assert header[0].startswith("# Generated by amlgen from ") and lines[len(header)].startswith("$schema: ")
        command = header[1].removeprefix("#").split()
        assert command[:2] == ["az", "ml"] and command[command.index("-f") + 1] == path
        assert command[command.index("-g") + 1] == "<resource-group>"
        assert command[command.index("-w") + 1] == workspace
        for line in lines[len(header):]:  # plain scalars, quoted only where YAML needs quotes
            assert '"' not in line and "'" not in line, (path, line)


def test_local_code_is_named_relative_to_the_yaml_file(tmp_path: Path) -> None:
    """The intent's `code.path` is relative to the intent; az ml resolves the YAML's from the YAML's folder."""
    from typer.testing import CliRunner

    from amlgen.cli import app

    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "src" / "score.py").write_text("def init(): pass\n")
    intent = project / "intent.yaml"
    intent.write_text(BY_HAND.replace("environment: \"azureml:e:1\",", "environment: \"azureml:e:1\", code: "
                                      "{path: ./src, scoring_script: score.py},") % "create")
    for out in (project / "infra" / "terraform", tmp_path / "elsewhere" / "deep" / "out"):
        result = CliRunner().invoke(app, ["render", str(intent), "--target", "terraform", "--out", str(out)])
        assert result.exit_code == 0, result.output
        deployment = out / "endpoints" / "scoring" / "deployment-blue.yml"
        code = yaml.safe_load(deployment.read_text())["code_configuration"]["code"]
        assert not Path(code).is_absolute()
        assert (deployment.parent / code).resolve() == (project / "src").resolve()


def test_azure_ai_ml_resolves_the_code_folder_from_the_yaml(tmp_path: Path) -> None:
    from azure.ai.ml import load_online_deployment

    files = render_example(WALKTHROUGH, "terraform")
    for path, text in files.items():
        if path.endswith(".yml"):
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(text)
    deployment = load_online_deployment(source=tmp_path / ENDPOINT_DIR / "deployment-default.yml")
    code = deployment.code_configuration.code
    assert (Path(deployment.base_path) / code).resolve() == tmp_path.resolve(), "the module folder, beside the intent"
