"""The required outbound set: one table in the package (azure/tables.py), pinned to the articles' own tables
(tests/data/required-outbound-articles.json, vendored with their dates), and rendered as firewall and NSG rules that
let compute reach the service, in both targets.

A change to an article is one reviewed diff: its entry in the vendored file, and the package table (or the
reason below for leaving the new row out). Until both agree, these tests fail.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from amlgen.azure import sources
from amlgen.azure.regions import regional
from amlgen.azure.tables import PUBLIC_IP_INBOUND, REQUIRED_OUTBOUND, RequiredOutbound
from tests.deployed import firewall_rules, nsg_rules, read_text
from tests.helpers import ROOT, TARGETS

VENDORED = ROOT / "tests" / "data" / "required-outbound-articles.json"
Fact = tuple[str, str, str, tuple[Any, ...]]  # (kind, destination, protocol, ports)

# Outbound rows of the articles the package table leaves out, and why. Every other outbound row is in the table.
NOT_RENDERED: dict[Fact, str] = {
    ("service_tag", "BatchNodeManagement.<region>", "TCP", (443,)):
        "the training article asks for ANY protocol on 443, which the table allows",
    ("service_tag", "AzureMachineLearning", "TCP", (443,)):
        "a subset of AzureMachineLearning TCP 443, 8787, 18881",
    ("service_tag", "MicrosoftContainerRegistry.<region>", "TCP", (443,)):
        "the global MicrosoftContainerRegistry tag of the basic configuration covers it (a read-only destination)",
    ("fqdn", "<region>.tundra.azureml.ms", "UDP", (5831,)): "host-name form of AzureMachineLearning UDP 5831",
    ("fqdn", "graph.windows.net", "TCP", (443,)): "reached through the AzureActiveDirectory tag",
    ("fqdn", "*.instances.azureml.ms", "TCP", (443, 8787, 18881)): "host-name form of AzureMachineLearning TCP",
    ("fqdn", "*.<region>.batch.azure.com", "Any", (443,)): "host-name form of BatchNodeManagement.<region>",
    ("fqdn", "*.<region>.service.batch.azure.com", "Any", (443,)): "host-name form of BatchNodeManagement.<region>",
    ("fqdn", "*.blob.core.windows.net", "TCP", (443,)): "host-name form of Storage.<region> (or the endpoint policy)",
    ("fqdn", "*.queue.core.windows.net", "TCP", (443,)): "host-name form of Storage.<region>",
    ("fqdn", "*.table.core.windows.net", "TCP", (443,)): "host-name form of Storage.<region>",
}


@cache
def vendored() -> dict[str, Any]:
    return json.loads(VENDORED.read_text())


def facts(direction: str) -> dict[tuple[str, str], set[Fact]]:
    """(article title, section) -> its rows in one direction."""
    found: dict[tuple[str, str], set[Fact]] = {}
    for article in vendored()["articles"]:
        for table in article["tables"]:
            if table["direction"] == direction:
                rows = {(r["kind"], r["destination"], r["protocol"], tuple(r["ports"])) for r in table["rows"]}
                found.setdefault((article["title"], table["section"]), set()).update(rows)
    return found


def _fact(row: RequiredOutbound) -> Fact:
    return row.kind, row.destination, row.protocol, row.ports


def test_every_row_is_in_the_article_and_section_it_cites() -> None:
    outbound = facts("outbound")
    for row in REQUIRED_OUTBOUND:
        assert row.source is not None and row.purpose, row
        assert _fact(row) in outbound.get((row.source.title, row.section), set()), (row.cited(), _fact(row))


def test_every_outbound_row_of_the_articles_is_rendered_or_says_why_not() -> None:
    table = {_fact(row) for row in REQUIRED_OUTBOUND}
    for (title, section), rows in facts("outbound").items():
        for fact in rows:
            assert fact in table or fact in NOT_RENDERED, f"{title}, {section}: {fact} is neither rendered nor excused"
    assert set(NOT_RENDERED) <= {fact for rows in facts("outbound").values() for fact in rows}, "stale excuse"


def test_public_ip_inbound_rows_are_in_their_articles() -> None:
    inbound = facts("inbound")
    for row in PUBLIC_IP_INBOUND:
        rows = inbound[(row.source.title, row.section)]
        assert any(fact[1] == row.source_tag and row.ports in {str(p) for p in fact[3]} for fact in rows), row


def test_cited_articles_carry_the_vendored_version() -> None:
    """The package cites each article at the version (ms.date) its facts were checked against."""
    by_title = {article.title: article for article in sources.ARTICLES}
    for article in vendored()["articles"]:
        cited = by_title[article["title"]]
        assert (cited.url, cited.updated) == (article["url"], article["updated"]), article["title"]


def test_no_row_needs_more_than_an_nsg_description_holds() -> None:
    assert all(len(row.purpose) <= 140 for row in REQUIRED_OUTBOUND)


# --- rendered, in both targets ---------------------------------------------------------------------------------

HEAD = "version: 1\nname: contoso-ml\nlocation: LOCATION\nresources: {container_registry: {sku: Premium}}\n"
SPOKE = """
  spoke:
    address_space: 10.1.0.0/16
    training: {prefix: 10.1.0.0/24, nodes: 10}
    private_endpoints: {prefix: 10.1.1.0/27}
  additional_outbound:
    - {name: pypi, type: fqdn, destination: pypi.org}
    - {name: keyvault, type: service_tag, service_tag: AzureKeyVault, protocol: TCP, port_ranges: "443"}
  image_build_compute: builder
"""
FIREWALL = HEAD + """network:
  outbound: hub_spoke_firewall
  exfiltration_prevention: POLICY
  hub: {address_space: 10.0.0.0/24, firewall_subnet_prefix: 10.0.0.0/26}
""" + SPOKE
NSG = HEAD + "network:\n  outbound: nsg_nat\n  unlisted_outbound: deny\n" + SPOKE.replace(
    "    - {name: pypi, type: fqdn, destination: pypi.org}\n", "")


def firewall_intent(policy: bool, location: str = "westeurope") -> str:
    return FIREWALL.replace("POLICY", str(policy).lower()).replace("LOCATION", location)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("policy", [True, False], ids=["exfiltration-prevention", "storage-tag"])
def test_firewall_lets_compute_reach_the_service(target: str, policy: bool) -> None:
    tags, hosts = firewall_rules(read_text(firewall_intent(policy), target))
    # Compute without public IPs talks to the service on TCP 443/8787/18881 and UDP 5831.
    assert ("AzureMachineLearning", "TCP", ("443", "8787", "18881")) in tags
    assert ("AzureMachineLearning", "UDP", ("5831",)) in tags
    for tag in ("AzureMonitor", "AzureFrontDoor.FirstParty", "MicrosoftContainerRegistry", "AzureResourceManager"):
        assert (tag, "TCP", ("443",)) in tags, tag
    assert ("AzureActiveDirectory", "TCP", ("80", "443")) in tags
    assert ("automlresources-prod-d0eaehh7g8andvav.b02.azurefd.net", (443,)) in hosts
    assert not any(host == "automlresources-prod.azureedge.net" for host, _ in hosts)
    # The intent's additions come after the required set.
    assert ("pypi.org", (443,)) in hosts and ("AzureKeyVault", "TCP", ("443",)) in tags


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize(("location", "region"), [("westeurope", "WestEurope"), ("eastus2", "EastUS2"),
                                                  ("swedencentral", "SwedenCentral")])
def test_firewall_opens_the_regional_tags_only(target: str, location: str, region: str) -> None:
    """Regional tags spelled as Azure's service tag file spells them: the firewall reads a lower-case
    suffix as an address (Azure/azure-cli-extensions#2922)."""
    tags, _ = firewall_rules(read_text(firewall_intent(False, location), target))
    destinations = {tag for tag, _, _ in tags}
    assert {f"BatchNodeManagement.{region}", f"Storage.{region}"} <= destinations
    assert not {"BatchNodeManagement", "Storage"} & destinations, "a global tag opens every region"


@pytest.mark.parametrize(("location", "cloud", "tag"), [
    ("East US 2", "AzureCloud", "Storage.EastUS2"),  # a display name names the same region
    ("usgovvirginia", "AzureUSGovernment", "Storage.USGovVirginia"),
    ("chinanorth3", "AzureChinaCloud", "Storage.ChinaNorth3"),
    ("usgovvirginia", "AzureCloud", "Storage"),  # not a region of that cloud: no regional form (AML608, AML322)
    ("belgiumcentral", "AzureCloud", "Storage"),  # newer than the vendored service tag file (AML322)
])
def test_regional_tags_come_from_the_clouds_service_tag_file(location: str, cloud: str, tag: str) -> None:
    assert regional("Storage.<region>", location, cloud) == tag


@pytest.mark.parametrize("target", TARGETS)
def test_storage_is_left_to_the_endpoint_policy_when_there_is_one(target: str) -> None:
    with_policy, _ = firewall_rules(read_text(firewall_intent(True), target))
    without, _ = firewall_rules(read_text(firewall_intent(False), target))
    assert not any(tag.startswith("Storage") for tag, _, _ in with_policy)
    assert ("Storage.WestEurope", "TCP", ("443",)) in without


@pytest.mark.parametrize("target", TARGETS)
def test_nsg_that_denies_the_rest_allows_what_compute_needs(target: str) -> None:
    rules = nsg_rules(read_text(NSG.replace("LOCATION", "eastus"), target))
    allowed = {(r["destinationAddressPrefix"], r["protocol"], tuple(r["destinationPortRanges"]))
               for r in rules if r["access"] == "Allow" and r["direction"] == "Outbound"}
    assert ("AzureMachineLearning", "Tcp", ("443", "8787", "18881")) in allowed
    assert ("AzureMachineLearning", "Udp", ("5831",)) in allowed
    assert ("BatchNodeManagement.EastUS", "*", ("443",)) in allowed
    assert ("Storage.EastUS", "Tcp", ("443",)) in allowed
    assert ("VirtualNetwork", "Tcp", ("443",)) in allowed, "the deny would cut the private endpoints off"
    for tag in ("AzureMonitor", "AzureFrontDoor.FirstParty", "MicrosoftContainerRegistry", "AzureFrontDoor.Frontend"):
        assert (tag, "Tcp", ("443",)) in allowed, tag
    (deny,) = [r for r in rules if r["access"] == "Deny"]
    assert (deny["direction"], deny["destinationAddressPrefix"], deny["priority"]) == ("Outbound", "*", 4096)
    assert all(r["priority"] < deny["priority"] for r in rules if r is not deny)
