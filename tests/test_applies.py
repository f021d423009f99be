"""What each apply sends, simulated over the rendered output (tests/applies.py), for the two settings two
resources of a deployment write: the managed network's firewall SKU (Terraform: azurerm creates the workspace,
azapi sets the SKU) and an online endpoint's traffic (the endpoint, then its traffic once the deployments
exist). Neither may ever be reset: not on the first apply, not on a second one with no change, not when
something else about the resource changes. Each test also runs the output with the fix taken out, to show
that the simulation sees the reset the fix prevents.
"""

from __future__ import annotations

import re

import pytest

from tests.applies import Azure, Request, bicep_deploy, terraform_apply
from tests.helpers import render_text

WORKSPACE = "Microsoft.MachineLearningServices/workspaces"
ENDPOINT = f"{WORKSPACE}/onlineEndpoints"
SUFFIX = "core.windows.net"

FIREWALL = """version: 1
name: contoso-ml
location: eastus
tags: {{owner: {owner}}}
workspace:
  public_network_access: enabled
  managed_network:
    isolation_mode: allow_only_approved_outbound
    firewall_sku: basic
    outbound_rules:
      - {{name: pypi, type: fqdn, destination: pypi.org}}
"""
ENDPOINTS = """version: 1
name: contoso-ml
location: eastus
tags: {{owner: {owner}}}
workspace:
  public_network_access: enabled
endpoints:
  - name: scoring
    public_network_access: {access}
    deployments:
      - {{name: blue, model: "azureml:m:1", environment: "azureml:e:1", instance_type: Standard_DS3_v2, traffic: 100}}
assets:
  - {{kind: model, name: m, version: 1, path: "azureml://datastores/workspaceblobstore/paths/m/1"}}
  - {{kind: environment, name: e, version: 1, image: "contoso.azurecr.io/scoring:1"}}
"""


def _workspace(request: Request) -> bool:
    return request.identity[0] == WORKSPACE


def test_terraform_keeps_the_firewall_sku_on_every_apply() -> None:
    """Apply 1 creates the workspace (azurerm: isolation mode and provisioning; the SKU is not an argument)
    and then azapi sends the whole managedNetwork with the Basic SKU. Apply 2 changes nothing: nothing is
    sent. Apply 3 changes the tags: azurerm updates the workspace from what it reads, the SKU intact; the
    managed network is azapi's alone, so no apply sends it without the SKU."""
    azure = Azure()
    first = render_text(FIREWALL.format(owner="ml"), "terraform")
    state = terraform_apply(azure, first, None)
    created = [r for r in azure.sent[0] if _workspace(r)]
    assert [r.tool for r in created] == ["azurerm_machine_learning_workspace.this",
                                         "azapi_update_resource.workspace_managed_network"]
    assert created[0].body["properties"]["managedNetwork"] == {"isolationMode": "AllowOnlyApprovedOutbound"}
    assert created[0].body["properties"]["provisionNetworkNow"] is True
    assert created[1].body["properties"]["managedNetwork"] == {"isolationMode": "AllowOnlyApprovedOutbound",
                                                               "firewallSku": "Basic"}
    state = terraform_apply(azure, first, state)
    assert [r for r in azure.sent[1] if _workspace(r)] == []
    terraform_apply(azure, render_text(FIREWALL.format(owner="platform"), "terraform"), state)
    (update,) = [r for r in azure.sent[2] if _workspace(r)]
    assert update.tool == "azurerm_machine_learning_workspace.this"
    assert update.body["properties"]["managedNetwork"]["firewallSku"] == "Basic"
    assert update.body["tags"] == {"owner": "platform"}
    assert azure.resources[update.identity]["properties"]["managedNetwork"]["firewallSku"] == "Basic"


def _drifted_isolation_mode(files: dict[str, str]) -> dict[str, str]:
    """The same module, had the state recorded another isolation mode (an intent change, or a value Azure
    reports differently): what makes azurerm update managed_network."""
    return {**files, "workspace.tf": files["workspace.tf"].replace('isolation_mode = "AllowOnlyApprovedOutbound"',
                                                                   'isolation_mode = "AllowInternetOutbound"')}


def test_terraform_never_sends_the_managed_network_without_its_firewall_sku() -> None:
    """When azurerm sees a managed_network change it sends {isolationMode} alone. With the one owner of the
    managed network (azapi, the azurerm workspace ignoring its isolation mode after creation), azurerm never
    does; with the lifecycle block taken out, the simulation shows the reset."""
    files = render_text(FIREWALL.format(owner="ml"), "terraform")
    for with_fix in (True, False):
        module = files if with_fix else {**files, "workspace.tf": re.sub(
            r"\n  lifecycle \{.*?\n  \}\n", "\n", files["workspace.tf"], flags=re.DOTALL)}
        azure = Azure()
        state = terraform_apply(azure, _drifted_isolation_mode(module), None)
        terraform_apply(azure, module, state)
        sent = [r for r in azure.sent[1] if r.tool == "azurerm_machine_learning_workspace.this"]
        if with_fix:
            assert sent == []
        else:
            assert sent and sent[0].body["properties"]["managedNetwork"] == {
                "isolationMode": "AllowOnlyApprovedOutbound"}, sent


def test_bicep_sends_the_firewall_sku_with_the_workspace_every_time() -> None:
    files = render_text(FIREWALL.format(owner="ml"), "bicep")
    azure = Azure()
    bicep_deploy(azure, files, SUFFIX)
    bicep_deploy(azure, files, SUFFIX)
    sent = [r for deployment in azure.sent for r in deployment if _workspace(r)]
    assert len(sent) == 2 and all(r.body["properties"]["managedNetwork"] == {
        "isolationMode": "AllowOnlyApprovedOutbound", "firewallSku": "Basic"} for r in sent)


# --- online endpoint traffic -------------------------------------------------------------------------------

def _traffic_cleared(azure: Azure) -> list[str]:
    """Every request, after the first apply, that sends the endpoint without its traffic."""
    return [f"apply {n + 1}: {r.tool}" for n, sent in enumerate(azure.sent) if n
            for r in sent if r.identity[0] == ENDPOINT and not r.body.get("properties", {}).get("traffic")]


@pytest.mark.parametrize("target", ["terraform", "bicep"])
def test_redeploying_never_clears_the_traffic(target: str) -> None:
    """Apply 1 creates the endpoint without traffic (it can name only deployments that exist), then the
    deployment, then sends the endpoint with its traffic. Apply 2 with no change, and apply 3 with the
    endpoint's public access and the tags changed, send the endpoint only with its traffic."""
    first = render_text(ENDPOINTS.format(owner="ml", access="enabled"), target)
    changed = render_text(ENDPOINTS.format(owner="platform", access="disabled"), target)
    azure = Azure()
    if target == "terraform":
        state = terraform_apply(azure, first, None)
        state = terraform_apply(azure, first, state)
        terraform_apply(azure, changed, state)
    else:
        for files in (first, first, changed):
            bicep_deploy(azure, files, SUFFIX)
    endpoint = [r for r in azure.sent[0] if r.identity[0] == ENDPOINT]
    assert [bool(r.body["properties"].get("traffic")) for r in endpoint] == [False, True]
    assert _traffic_cleared(azure) == []
    last = [r for r in azure.sent[2] if r.identity[0] == ENDPOINT]
    assert last and last[-1].body["properties"] == {"authMode": "Key", "publicNetworkAccess": "Disabled",
                                                    "traffic": {"blue": 100}}
    assert azure.resources[last[-1].identity]["tags"] == {"owner": "platform"}


@pytest.mark.parametrize("target", ["terraform", "bicep"])
def test_without_the_handover_a_redeploy_clears_the_traffic(target: str) -> None:
    """The endpoint deployed again on its own (no lifecycle ignore_changes, no @onlyIfNotExists) sends no
    traffic: the simulation shows the 0 % the fix prevents."""
    first = render_text(ENDPOINTS.format(owner="ml", access="enabled"), target)
    changed = render_text(ENDPOINTS.format(owner="platform", access="disabled"), target)
    azure = Azure()
    if target == "terraform":
        def without_lifecycle(files: dict[str, str]) -> dict[str, str]:
            text = re.sub(r"\n  lifecycle \{.*?\n  \}\n", "\n", files["online_endpoints.tf"], flags=re.DOTALL)
            return {**files, "online_endpoints.tf": text}
        state = terraform_apply(azure, without_lifecycle(first), None)
        terraform_apply(azure, without_lifecycle(changed), state)
    else:
        for files in (first, changed):
            bicep_deploy(azure, {p: t.replace("@onlyIfNotExists()\n", "") for p, t in files.items()}, SUFFIX)
    assert _traffic_cleared(azure) != []
