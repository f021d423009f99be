"""Each rule, one by one: a minimal intent that breaks it, the ID, and the line it is reported on."""

from __future__ import annotations

import textwrap

import pytest

from amlgen.catalog import RULES
from amlgen.diagnostics import IntentError
from amlgen.loader import load_intent_text
from amlgen.validate import validate

SUB = "00000000-0000-0000-0000-000000000000"
OTHER_SUB = "11111111-1111-1111-1111-111111111111"
STORAGE = f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdata"


def intent(body: str, extra: str = "") -> str:
    return "version: 1\nname: contoso-ml\nlocation: eastus" + textwrap.dedent(body) + extra.lstrip("\n")


PRIVATE = """
inbound:
  private_endpoint:
    virtual_network: {address_space: 10.0.0.0/16}
    subnet: {name: snet-pe, prefix: 10.0.1.0/24}
"""

# (case id, intent text, rule ID): the diagnostic must point at the line marked '# <-'.
CASES = [
    ("legacy-mode-with-managed-network", intent("""
        workspace:
          public_network_access: enabled
          v1_legacy_mode: true  # <-
          managed_network: {isolation_mode: allow_internet_outbound}
        """), "AML101"),
    ("fqdn-rule-under-internet-outbound", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_internet_outbound
            outbound_rules:
              - {name: pypi, type: fqdn, destination: pypi.org}  # <-
        """), "AML102"),
    ("service-tag-rule-under-internet-outbound", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_internet_outbound
            outbound_rules:
              - name: aad
                type: service_tag  # <-
                service_tag: AzureActiveDirectory
                port_ranges: "443"
        """), "AML102"),
    ("rules-without-managed-network", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: disabled
            outbound_rules:
              - {name: pypi, type: fqdn, destination: pypi.org}  # <-
        """), "AML103"),
    ("duplicate-rule-names", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - {name: pypi, type: fqdn, destination: pypi.org}
              - {name: PyPI, type: fqdn, destination: files.pythonhosted.org}  # <-
        """), "AML104"),
    ("invalid-fqdn", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - name: bad
                type: fqdn
                destination: "pypi..org"  # <-
        """), "AML105"),
    ("wildcard-in-the-middle", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - name: bad
                type: fqdn
                destination: "data.*.mcr.microsoft.com"  # <-
        """), "AML105"),
    ("unknown-service-tag", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - name: x
                type: service_tag
                service_tag: AzureActiveDirectry  # <-
                port_ranges: "443"
        """), "AML106"),
    ("port-out-of-range", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - name: x
                type: service_tag
                service_tag: AzureResourceManager
                port_ranges: "443,70000"  # <-
        """), "AML107"),
    ("port-range-reversed", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - name: x
                type: service_tag
                service_tag: AzureResourceManager
                port_ranges: "9000-8000"  # <-
        """), "AML107"),
    ("wrong-subresource", intent(f"""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - name: x
                type: private_endpoint
                resource_id: {STORAGE}
                subresource: vault  # <-
        """), "AML108"),
    ("fqdn-rule-other-port", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - name: x
                type: fqdn
                destination: example.com
                port_ranges: "22"  # <-
        """), "AML110"),
    ("basic-registry-with-private-endpoint", intent("""
        resources:
          container_registry: {sku: Basic}  # <-
        """, PRIVATE), "AML201"),
    ("existing-resources-in-two-subscriptions", intent(f"""
        workspace: {{public_network_access: enabled}}
        resources:
          storage_account: {{existing_id: "{STORAGE}"}}
          key_vault: {{existing_id: "/subscriptions/{OTHER_SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1"}}  # <-
        """), "AML202"),
    ("existing-resource-in-another-subscription", intent(f"""
        subscription_id: {OTHER_SUB}
        workspace: {{public_network_access: enabled}}
        resources:
          storage_account: {{existing_id: "{STORAGE}"}}  # <-
        """), "AML202"),
    ("existing-id-of-wrong-type", intent(f"""
        workspace: {{public_network_access: enabled}}
        resources:
          key_vault: {{existing_id: "{STORAGE}"}}  # <-
        """), "AML203"),
    ("malformed-resource-id", intent("""
        workspace: {public_network_access: enabled}
        resources:
          key_vault: {existing_id: "/subscriptions/abc/vaults/kv"}  # <-
        """), "AML203"),
    ("public-resource-in-private-workspace", intent("""
        resources:
          storage_account: {public_network_access: enabled}  # <-
        """, PRIVATE), "AML204"),
    ("existing-resource-with-sku", intent(f"""
        workspace: {{public_network_access: enabled}}
        resources:
          storage_account: {{existing_id: "{STORAGE}", sku: Standard_LRS}}  # <-
        """), "AML205"),
    ("private-workspace-without-endpoint", intent("""
        workspace: {public_network_access: disabled}  # <-
        """), "AML206"),
    ("invalid-cidr", intent("""
        inbound:
          private_endpoint:
            virtual_network: {address_space: 10.0.0.1/16}  # <-
            subnet: {prefix: 10.0.1.0/24}
        """), "AML301"),
    ("subnet-outside-vnet", intent("""
        inbound:
          private_endpoint:
            virtual_network: {address_space: 10.0.0.0/16}
            subnet: {prefix: 10.1.1.0/24}  # <-
        """), "AML302"),
    ("overlapping-address-spaces", intent("""
        inbound:
          private_endpoint:
            virtual_network: {address_space: [10.0.0.0/16, 10.0.128.0/17]}  # <-
            subnet: {prefix: 10.0.1.0/24}
        """), "AML303"),
    ("subnet-too-small", intent("""
        inbound:
          private_endpoint:
            virtual_network: {address_space: 10.0.0.0/16}
            subnet: {prefix: 10.0.1.0/29}  # <-
        """), "AML304"),
    ("subnet-id-and-new-network", intent("""
        inbound:
          private_endpoint:
            subnet_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s  # <-
            virtual_network: {address_space: 10.0.0.0/16}
            subnet: {prefix: 10.0.1.0/24}
        """), "AML305"),
    ("existing-dns-missing-zone", intent("""
        dns:
          zones: existing
          zone_ids:  # <-
            privatelink.api.azureml.ms: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms
        """, PRIVATE), "AML401"),
    ("dns-zone-ids-without-existing", intent("""
        dns:
          zones: create
          zone_ids: {privatelink.api.azureml.ms: x}  # <-
        """, PRIVATE), "AML404"),
    ("derived-storage-name-too-long", "version: 1\nname: contoso-machine-learn  # <-\nlocation: eastus\n"
     "workspace: {public_network_access: enabled}\n", "AML601"),
    ("explicit-registry-name-invalid", intent("""
        workspace: {public_network_access: enabled}
        resources:
          container_registry: {name: cr-contoso}  # <-
        """), "AML601"),
    ("tag-name-with-slash", intent("""
        workspace: {public_network_access: enabled}
        tags:
          cost/center: "4711"  # <-
        """), "AML603"),
]


def diagnostics_of(text: str) -> list:
    try:
        _, diagnostics = validate(load_intent_text("intent.yaml", text.encode()))
    except IntentError as error:
        return error.diagnostics
    return diagnostics


@pytest.mark.parametrize(("text", "rule_id"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_fires_at_line(text: str, rule_id: str) -> None:
    marked = [number for number, content in enumerate(text.splitlines(), 1) if content.endswith("# <-")]
    assert len(marked) == 1, "each case marks exactly one line"
    line = marked[0]
    found = [(d.rule_id, d.position.line) for d in diagnostics_of(text)]
    assert (rule_id, line) in found, f"expected {rule_id} at line {line}, got {found}"


def test_every_error_and_warning_rule_has_a_case_or_a_loader_test() -> None:
    covered = {case[2] for case in CASES}
    loader_rules = {f"AML00{i}" for i in range(1, 8)} | {"AML010", "AML011", "AML012"}
    informational = {rule.id for rule in RULES.values() if rule.severity == "info"}
    untested = set(RULES) - covered - loader_rules - informational - {"AML402"}
    assert not untested, f"rules without a test case: {sorted(untested)}"


def test_informational_notes() -> None:
    text = intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - {name: pypi, type: fqdn, destination: pypi.org}
        dns: {zones: none}
        """)
    ids = {d.rule_id for d in diagnostics_of(text)}
    assert {"AML109", "AML111", "AML602"} <= ids


def test_valid_intent_has_no_errors() -> None:
    text = intent("""
        workspace:
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - {name: pypi, type: fqdn, destination: "*.pypi.org"}
              - {name: arm, type: service_tag, service_tag: AzureResourceManager, port_ranges: "443"}
              - {name: st, type: service_tag, service_tag: Storage.EastUS, protocol: TCP, port_ranges: "443"}
        """, PRIVATE)
    assert all(d.severity.value != "error" for d in diagnostics_of(text))


def test_catalog_entries_are_complete() -> None:
    for rule in RULES.values():
        assert rule.severity in ("error", "warning", "info")
        assert rule.title and rule.fix and rule.source, rule.id


def test_naming_rules_see_every_name_the_plan_creates() -> None:
    """Private endpoint and DNS link names are derived from the prefix too, so the name check sees them."""
    from amlgen.plan import build_plan
    from amlgen.plan.decisions import planned_names

    parsed, _ = validate(load_intent_text("intent.yaml", intent(PRIVATE).encode()))
    checked = {(p.kind, p.name) for p in planned_names(parsed)}
    plan = build_plan(parsed, "intent.yaml")
    assert {("private_endpoint", pe.name) for pe in plan.private_endpoints} <= checked
    assert ("dns_zone_link", plan.dns.link_name) in checked


def test_rules_still_run_on_sections_that_validated() -> None:
    text = intent("""
        tags: [not, a, mapping]  # <-
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_internet_outbound
            outbound_rules:
              - {name: pypi, type: fqdn, destination: pypi.org}  # <-
        """)
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", text.encode()))
    marked = [n for n, line in enumerate(text.splitlines(), start=1) if line.endswith("# <-")]
    assert [(d.rule_id, d.position.line) for d in caught.value.diagnostics] == [("AML011", marked[0]),
                                                                               ("AML102", marked[1])]
