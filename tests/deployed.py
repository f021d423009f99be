"""What a rendered deployment holds, read back from either target into ARM terms (tests/readback/): shared by the
behaviour tests, which check the properties that matter against the intent, in both targets."""

from __future__ import annotations

from functools import cache
from typing import Any

from amlgen.azure.tables import STORAGE_SUFFIX
from amlgen.intent.loader import load_intent_file, load_intent_text
from amlgen.intent.model import Intent
from amlgen.validation import validate
from tests.helpers import EXAMPLES, render_example, render_text
from tests.readback.bicep_readback import read_bicep
from tests.readback.canonical import Entry
from tests.readback.terraform_readback import read_terraform


@cache
def intent_of(example: str) -> Intent:
    intent, _ = validate(load_intent_file(EXAMPLES / example / "intent.yaml", "intent.yaml"))
    return intent


def read_files(files: dict[str, str], target: str, cloud: str = "AzureCloud") -> tuple[Entry, ...]:
    if target == "bicep":
        return tuple(read_bicep(files, STORAGE_SUFFIX[cloud]))
    return tuple(read_terraform(files))


@cache
def read(example: str, target: str) -> tuple[Entry, ...]:
    return read_files(render_example(example, target), target, intent_of(example).cloud)


@cache
def read_text(text: str, target: str) -> tuple[Entry, ...]:
    intent, _ = validate(load_intent_text("intent.yaml", text.encode()))
    return read_files(render_text(text, target), target, intent.cloud)


def of_type(entries: tuple[Entry, ...], arm_type: str) -> list[tuple[str, dict[str, Any]]]:
    """(full name, ARM body) of every resource of a type."""
    return [(identity[1], body) for identity, body in entries if identity[0] == arm_type]


NSG = "Microsoft.Network/networkSecurityGroups"
SUBNET = "Microsoft.Network/virtualNetworks/subnets"
RULE_GROUP = "Microsoft.Network/firewallPolicies/ruleCollectionGroups"
ROUTE_TABLE = "Microsoft.Network/routeTables"


def firewall_rules(entries: tuple[Entry, ...]) -> tuple[set[Any], set[Any]]:
    """({(tag, protocol, ports)}, {(host, ports)}) the rule collection groups allow."""
    tags, hosts = set(), set()
    for _, body in of_type(entries, RULE_GROUP):
        for collection in body["properties"]["ruleCollections"]:
            for rule in collection["rules"]:
                if rule["ruleType"] == "NetworkRule":
                    for tag in rule["destinationAddresses"]:
                        tags.add((tag, rule["ipProtocols"][0], tuple(rule["destinationPorts"])))
                else:
                    for host in rule["targetFqdns"]:
                        hosts.add((host, tuple(int(p["port"]) for p in rule["protocols"])))
    return tags, hosts


def nsg_rules(entries: tuple[Entry, ...]) -> list[dict[str, Any]]:
    """Every security rule of every NSG, as its properties plus name."""
    return [{"name": rule["name"], **rule["properties"]} for _, body in of_type(entries, NSG)
            for rule in body.get("properties", {}).get("securityRules", [])]
