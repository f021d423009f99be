"""Each rule, one by one: a minimal intent that breaks it, the ID, and the line it is reported on."""

from __future__ import annotations

import textwrap

import pytest

from amlgen.catalog import RULES
from amlgen.diagnostics import IntentError
from amlgen.intent.loader import load_intent_text
from amlgen.validation import validate

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

NET_HEAD = """
resources:
  container_registry: {sku: Premium}
compute: {image_build_compute_existing: true}
network:
  image_build_compute: builder
"""



CORP_SUBNET = f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/corp/subnets/pe"
ZONE_ID = f"/subscriptions/{SUB}/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms"


def spoke(training: str = "10.1.0.0/24", pe: str = "10.1.1.0/27", space: str = "10.1.0.0/16", nodes: int = 10,
          mark: str = "") -> str:
    marks = {key: "  # <-" if key == mark else "" for key in ("space", "training", "pe")}
    return ("  spoke:\n"
            f"    address_space: {space}{marks['space']}\n"
            f"    training: {{prefix: {training}, nodes: {nodes}}}{marks['training']}\n"
            f"    private_endpoints: {{prefix: {pe}}}{marks['pe']}\n")


def network(outbound: str, body: str, head: str = NET_HEAD) -> str:
    return intent(head + f"  outbound: {outbound}\n" + body)


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
    # The customer network's spoke holds the workspace's private endpoints, so the registry needs Premium too.
    ("standard-registry-with-customer-network", intent("""
        resources:
          container_registry: {sku: Standard}  # <-
        compute: {image_build_compute_existing: true}
        network:
          image_build_compute: builder
          outbound: nsg_nat
        """) + spoke(), "AML201"),
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
    ("network-invalid-cidr", network("nsg_nat", spoke(training="10.1.0.1/24", mark="training")), "AML301"),
    ("network-subnet-outside-spoke", network("nsg_nat", spoke(pe="10.2.1.0/27", mark="pe")), "AML302"),
    ("network-subnets-overlap", network("nsg_nat", spoke(pe="10.1.0.128/27", mark="pe")), "AML303"),
    ("network-pe-subnet-too-small", network("nsg_nat", spoke(pe="10.1.1.0/29", mark="pe")), "AML304"),
    ("network-with-managed-network", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        resources:
          container_registry: {sku: Premium}
        compute: {image_build_compute_existing: true}
        network:
          image_build_compute: builder
          outbound: nsg_nat  # <-
        """) + spoke(), "AML306"),
    ("network-and-inbound-private-endpoint", intent(NET_HEAD + "  outbound: nsg_nat\n" + spoke()
                                                    + "inbound:\n  private_endpoint:  # <-\n"
                                                    "    subnet: {prefix: 10.1.2.0/24}\n"), "AML307"),
    ("peered-networks-overlap", network("hub_spoke_firewall", "  hub: {address_space: 10.1.0.0/24, "
                                        "firewall_subnet_prefix: 10.1.0.0/26}  # <-\n" + spoke(space="10.1.0.0/16")),
     "AML308"),
    ("compute-subnet-too-small", network("nsg_nat", spoke(training="10.1.0.0/26", nodes=100, mark="training")),
     "AML309"),
    ("firewall-without-hub", intent(NET_HEAD + "  outbound: hub_spoke_firewall  # <-\n" + spoke()), "AML310"),
    ("exfiltration-prevention-without-firewall", intent(NET_HEAD + "  outbound: nsg_nat\n"
                                                        "  exfiltration_prevention: true  # <-\n" + spoke()),
     "AML311"),
    ("private-registry-without-image-build-compute", intent("""
        resources:
          container_registry: {sku: Premium}  # <-
        network:
          outbound: nsg_nat
        """) + spoke(), "AML312"),
    ("private-registry-without-image-build-compute-in-the-managed-network", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        resources:
          container_registry: {sku: Premium}  # <-
        """, PRIVATE), "AML312"),
    ("compute-name-too-short", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        compute:
          clusters:
            - {name: c1, vm_size: Standard_DS3_v2}  # <-
        """), "AML800"),
    ("compute-name-declared-twice", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        compute:
          clusters:
            - {name: cpu-cluster, vm_size: Standard_DS3_v2}
          instances:
            - name: CPU-cluster  # <-
              vm_size: Standard_DS3_v2
              assigned_user: {object_id: 11111111-1111-1111-1111-111111111111, tenant_id: 22222222-2222-2222-2222-222222222222}
        """), "AML801"),
    ("compute-vm-size-not-a-size-name", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        compute:
          clusters:
            - name: cpu-cluster
              vm_size: DS3_v2  # <-
        """), "AML802"),
    ("compute-vm-size-outside-the-supported-series", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        compute:
          clusters:
            - name: cpu-cluster
              vm_size: Standard_DS3_v9  # <-
        """), "AML811"),
    ("compute-vm-size-of-a-retired-series", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        compute:
          clusters:
            - name: gpu-cluster
              vm_size: Standard_NC6s_v3  # <-
        """), "AML812"),
    ("cluster-min-above-max", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        compute:
          clusters:
            - name: cpu-cluster
              vm_size: Standard_DS3_v2
              min_nodes: 5  # <-
              max_nodes: 2
        """), "AML803"),
    ("compute-public-ip-in-the-managed-network", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        compute:
          clusters:
            - name: cpu-cluster
              vm_size: Standard_DS3_v2
              public_ip: true  # <-
        """), "AML804"),
    ("compute-without-a-network", intent("""
        compute:
          clusters:
            - {name: cpu-cluster, vm_size: Standard_DS3_v2}  # <-
        """), "AML805"),
    ("image-build-compute-not-declared", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        compute:
          image_build_compute: builder  # <-
        """), "AML806"),
    ("instance-assigned-user-not-a-guid", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        compute:
          instances:
            - name: ci-alice
              vm_size: Standard_DS3_v2
              assigned_user:
                object_id: alice@contoso.com  # <-
                tenant_id: 22222222-2222-2222-2222-222222222222
        """), "AML807"),
    ("serverless-in-the-managed-network", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        compute:
          serverless: {}  # <-
        """), "AML808"),
    ("compute-user-assigned-identity-without-one", intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        compute:
          clusters:
            - name: cpu-cluster
              vm_size: Standard_DS3_v2
              identity: user_assigned  # <-
        """), "AML809"),
    ("image-build-compute-named-twice", intent("""
        resources:
          container_registry: {sku: Premium}
        compute:
          image_build_compute: builder
          image_build_compute_existing: true
        network:
          image_build_compute: builder  # <-
          outbound: nsg_nat
          unlisted_outbound: deny
        """) + spoke(), "AML810"),
    ("compute-outgrows-the-training-subnet", intent("""
        resources:
          container_registry: {sku: Premium}
        compute:
          image_build_compute_existing: true
          clusters:
            - {name: cpu-cluster, vm_size: Standard_DS3_v2, max_nodes: 300}  # <-
        network:
          image_build_compute: builder
          outbound: nsg_nat
          unlisted_outbound: deny
        """) + spoke(), "AML309"),
    ("firewall-subnet-too-small", network("hub_spoke_firewall", "  hub: {address_space: 10.0.0.0/24, "
                                          "firewall_subnet_prefix: 10.0.0.0/27}  # <-\n" + spoke()), "AML313"),
    ("zone-of-another-cloud", intent("""
        dns:
          zones: existing
          zone_ids:
            privatelink.api.ml.azure.us: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.api.ml.azure.us  # <-
        """, PRIVATE), "AML405"),
    ("network-unknown-service-tag", network("nsg_nat", spoke() + """  additional_outbound:
    - {name: x, type: service_tag, service_tag: AzureFrontdoor, port_ranges: "443"}  # <-
"""), "AML106"),
    ("isolated-network-names-repeat", network("nsg_nat", spoke() + f"""  isolated_networks:
    - {{name: corp, subnet_id: "{CORP_SUBNET}", dns_zone_ids: {{}}}}
    - {{name: Corp, subnet_id: "{CORP_SUBNET}", dns_zone_ids: {{}}}}  # <-
"""), "AML314"),
    ("isolated-network-missing-zone", network("nsg_nat", spoke() + f"""  isolated_networks:
    - name: corp
      subnet_id: "{CORP_SUBNET}"
      dns_zone_ids:  # <-
        privatelink.api.azureml.ms: {ZONE_ID}
"""), "AML401"),
    ("isolated-network-shares-a-zone", intent(NET_HEAD + "  outbound: nsg_nat\n" + spoke() + f"""  isolated_networks:
    - name: corp
      subnet_id: "{CORP_SUBNET}"
      dns_zone_ids:
        privatelink.api.azureml.ms: {ZONE_ID}  # <-
dns:
  zones: existing
  zone_ids:
    privatelink.api.azureml.ms: {ZONE_ID}
"""), "AML406"),
    ("spoke-without-compute-subnet", intent(NET_HEAD + """  outbound: nsg
  spoke:  # <-
    address_space: 10.1.0.0/16
    private_endpoints: {prefix: 10.1.1.0/27}
"""), "AML315"),
    ("dns-resolver-subnet-too-small", network("hub_spoke_firewall", "  hub:\n    address_space: 10.0.0.0/24\n"
                                              "    firewall_subnet_prefix: 10.0.0.0/26\n"
                                              "    dns_resolver_inbound_prefix: 10.0.0.64/29  # <-\n" + spoke()),
     "AML316"),
    ("dns-resolver-without-zones", network("hub_spoke_firewall", "  hub:\n    address_space: 10.0.0.0/24\n"
                                           "    firewall_subnet_prefix: 10.0.0.0/26\n"
                                           "    dns_resolver_inbound_prefix: 10.0.0.64/28  # <-\n" + spoke()
                                           + "dns: {zones: none}\n"), "AML317"),
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
    ("unique-suffix-without-resource-group", intent(f"""
        subscription_id: {SUB}
        workspace: {{public_network_access: enabled}}
        naming: {{unique_suffix: true}}  # <-
        """), "AML207"),
    ("tag-name-with-slash", intent("""
        workspace: {public_network_access: enabled}
        tags:
          cost/center: "4711"  # <-
        """), "AML603"),
]


# --- how compute egress leaves a customer network (AML318-AML322) -------------------------------------------

CASES += [
    ("nsg-mode-without-unlisted-outbound", network("nsg_nat  # <-", spoke()), "AML318"),
    ("unlisted-outbound-behind-the-firewall", network("hub_spoke_firewall", "  unlisted_outbound: deny  # <-\n"
                                                       "  hub: {address_space: 10.0.0.0/24, firewall_subnet_prefix: "
                                                       "10.0.0.0/26}\n" + spoke()), "AML319"),
    ("host-name-with-unlisted-outbound-denied", network("nsg_nat", "  unlisted_outbound: deny\n" + spoke()
                                                        + "  additional_outbound:\n"
                                                        "    - name: pypi\n      type: fqdn  # <-\n"
                                                        "      destination: pypi.org\n"), "AML320"),
    ("nsg-mode-without-an-outbound-path", network("nsg  # <-", "  unlisted_outbound: allow\n" + spoke()), "AML321"),
    ("location-without-a-tag-region", intent(NET_HEAD + "  outbound: nsg_nat\n  unlisted_outbound: deny\n"
                                             + spoke()).replace("location: eastus", "location: belgiumcentral  # <-"),
     "AML322"),
]


CASES += [
    ("subnet-of-unknown-subscription", intent(f"""
        workspace: {{public_network_access: disabled}}
        inbound:
          private_endpoint:
            subnet_id: {CORP_SUBNET}  # <-
        """), "AML323"),
]


# --- plugging into networks that exist (AML324-AML330) --------------------------------------------------------

HUB_SUB = "44444444-4444-4444-4444-444444444444"
HUB_VNET = f"/subscriptions/{HUB_SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
HUB_POLICY = f"/subscriptions/{HUB_SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub"
ML_VNET = f"/subscriptions/{SUB}/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-ml"


def existing_hub(ip: str = "10.0.0.4", mark: str = "") -> str:
    return (f"  existing_hub:{mark}\n    virtual_network_id: {HUB_VNET}\n    firewall_private_ip: {ip}\n"
            f"    firewall_policy_id: {HUB_POLICY}\n")


def existing_spoke(owns: str = "[network_security_group, route_table]", pe_vnet: str = ML_VNET,
                   mark: dict[str, str] | None = None) -> str:
    marks = {"owns": "", "pe": "", "space": ""} | (mark or {})
    return (f"  spoke:\n    existing_id: {ML_VNET}\n"
            f"    training: {{existing_id: {ML_VNET}/subnets/snet-training, prefix: 10.1.0.0/24, nodes: 10, "
            f"owns: {owns}}}{marks['owns']}\n"
            f"    private_endpoints: {{existing_id: {pe_vnet}/subnets/snet-pe, prefix: 10.1.1.0/27}}{marks['pe']}\n")


CASES += [
    ("hub-and-existing-hub", network("hub_spoke_firewall", "  hub:  # <-\n    address_space: 10.0.0.0/24\n"
                                     "    firewall_subnet_prefix: 10.0.0.0/26\n" + existing_hub() + spoke()),
     "AML324"),
    ("existing-hub-firewall-address", network("hub_spoke_firewall", existing_hub().replace(
        "firewall_private_ip: 10.0.0.4", "firewall_private_ip: 10.0.0.300  # <-") + spoke()), "AML325"),
    ("spoke-without-address-space", network("hub_spoke_firewall", existing_hub() + "  spoke:  # <-\n"
                                            "    training: {prefix: 10.1.0.0/24, nodes: 10}\n"
                                            "    private_endpoints: {prefix: 10.1.1.0/27}\n"), "AML326"),
    ("existing-subnet-of-another-network", network("hub_spoke_firewall", existing_hub() + existing_spoke(
        pe_vnet=HUB_VNET, mark={"pe": "  # <-"})), "AML327"),
    ("owned-endpoint-policy-replaces-service-endpoints", network(
        "hub_spoke_firewall", "  exfiltration_prevention: true\n" + existing_hub() + existing_spoke(
            owns="[service_endpoint_policy]", mark={"owns": "  # <-"})), "AML328"),
    ("owned-nat-gateway-behind-a-firewall", network("hub_spoke_firewall", existing_hub() + existing_spoke(
        owns="[nat_gateway]", mark={"owns": "  # <-"})), "AML329"),
    ("existing-spoke-id-is-a-subnet", network("hub_spoke_firewall", existing_hub() + existing_spoke()).replace(
        f"    existing_id: {ML_VNET}\n", f"    existing_id: {ML_VNET}/subnets/snet-pe  # <-\n", 1), "AML203"),
    ("existing-spoke-in-another-subscription", network("hub_spoke_firewall", existing_hub() + existing_spoke())
     .replace("location: eastus", f"location: eastus\nsubscription_id: {OTHER_SUB}")
     .replace(f"    existing_id: {ML_VNET}\n", f"    existing_id: {ML_VNET}  # <-\n", 1), "AML330"),
]


# --- DNS that resolves (AML407-AML411) ----------------------------------------------------------------------

FIREWALL_NET = "  hub: {address_space: 10.0.0.0/24, firewall_subnet_prefix: 10.0.0.0/26}\n" + spoke()

CASES += [
    ("custom-dns-without-servers", network("hub_spoke_firewall", FIREWALL_NET + "dns:\n  zones: none  # <-\n"),
     "AML407"),
    ("policy-dns-without-servers", intent("\ndns:\n  zones: policy  # <-\n", PRIVATE), "AML407"),
    ("existing-zones-not-linked", network("hub_spoke_firewall", FIREWALL_NET + f"""dns:
  zones: existing  # <-
  zone_ids:
    privatelink.api.azureml.ms: {ZONE_ID}
"""), "AML408"),
    ("firewall-proxy-without-firewall", network("nsg_nat", "  unlisted_outbound: deny\n" + spoke()
                                                + "dns:\n  servers: [10.0.0.4]\n  firewall_proxy: true  # <-\n"),
     "AML409"),
    ("dns-server-not-an-address", network("hub_spoke_firewall", FIREWALL_NET
                                          + "dns:\n  zones: none\n  servers:\n    - dns.contoso.com  # <-\n"),
     "AML410"),
    ("link-zones-without-existing-zones", intent("\ndns:\n  link_zones: true  # <-\n", PRIVATE), "AML411"),
]


# --- network policy enforcement (AML701-AML704) --------------------------------------------------------------

CASES += [
    ("policy-effect-the-definition-lacks", intent("""
        workspace: {public_network_access: enabled}
        policy:
          assignments:
            - {definition: workspace_private_link, effect: Deny}  # <-
        """), "AML701"),
    ("private-dns-policy-without-policy-mode", intent("""
        policy:
          assignments:
            - {definition: private_dns_zones, effect: DeployIfNotExists}  # <-
        """, PRIVATE), "AML702"),
    ("private-dns-policy-without-zone-ids", network("hub_spoke_firewall", FIREWALL_NET + "dns:\n  zones: policy\n"
                                                    "  servers: [10.0.0.4]\npolicy:\n  assignments:\n"
                                                    "    - {definition: private_dns_zones, effect: "
                                                    "DeployIfNotExists}  # <-\n"), "AML702"),
    ("policy-assigned-twice", intent("""
        workspace: {public_network_access: enabled}
        policy:
          assignments:
            - {definition: compute_in_virtual_network, effect: Audit}
            - {definition: compute_in_virtual_network, effect: Audit}  # <-
        """), "AML703"),
    ("deny-policy-refuses-this-workspace", intent("""
        workspace: {public_network_access: enabled}
        policy:
          assignments:
            - {definition: workspace_public_network_access_disabled, effect: Deny}  # <-
        """), "AML704"),
]


# --- managed online endpoints and the legacy egress mode (AML5xx) -------------------------------------

# The assets the endpoint cases use, created with the workspace (so no case trips AML518).
ASSETS = """assets:
  - {kind: model, name: credit, version: 1, path: azureml://datastores/workspaceblobstore/paths/models/credit/1}
  - {kind: environment, name: credit-env, version: 1, image: contoso.azurecr.io/credit/env:1}
  - {kind: code, name: score, version: 1, path: azureml://datastores/workspaceblobstore/paths/code/score/1}
"""


def endpoint_intent(workspace: str, deployment: str, extra: str = "", endpoint: str = "") -> str:
    """A legacy-mode intent with one endpoint and one deployment; the arguments add lines to each part."""
    return ("version: 1\nname: contoso-ml\nlocation: eastus\n" + textwrap.dedent(workspace).lstrip("\n")
            + "resources:\n  container_registry: {sku: Premium}\n" + textwrap.dedent(extra).lstrip("\n") + ASSETS
            + "endpoints:\n  - name: scoring\n" + textwrap.indent(textwrap.dedent(endpoint).lstrip("\n"), "    ")
            + "    deployments:\n      - name: blue\n"
            + textwrap.indent(textwrap.dedent(deployment).lstrip("\n"), "        "))


LEGACY_WS = """
workspace:
  public_network_access: disabled
  managed_network: {isolation_mode: disabled}
"""
PUBLIC_WS = """
workspace:
  public_network_access: enabled
  managed_network: {isolation_mode: disabled}
"""
DEPLOY = """
model: azureml:credit:1
environment: azureml:credit-env:1
instance_type: Standard_DS3_v2
"""
PE_NET = PRIVATE.lstrip("\n")

CASES += [
    ("v1-legacy-mode-with-online-endpoints", endpoint_intent("""
        workspace:
          public_network_access: enabled
          v1_legacy_mode: true  # <-
        """, DEPLOY), "AML101"),
    ("egress-flag-with-managed-network", endpoint_intent("""
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        """, DEPLOY + "egress_public_network_access: disabled  # <-\n", PE_NET), "AML501"),
    ("public-outbound-with-private-workspace", endpoint_intent(
        LEGACY_WS, DEPLOY + "egress_public_network_access: enabled  # <-\n", PE_NET), "AML503"),
    ("public-outbound-by-default-with-private-workspace", endpoint_intent(LEGACY_WS, DEPLOY, PE_NET).replace(
        "      - name: blue\n", "      - name: blue  # <-\n"), "AML503"),
    ("egress-disabled-with-basic-registry", endpoint_intent(
        LEGACY_WS, DEPLOY + "egress_public_network_access: disabled\n", PE_NET).replace(
        "container_registry: {sku: Premium}", "container_registry: {sku: Standard}  # <-"), "AML504"),
    ("egress-disabled-with-existing-storage", endpoint_intent(
        LEGACY_WS, DEPLOY + "egress_public_network_access: disabled\n", PE_NET).replace(
        "resources:\n", f"resources:\n  storage_account: {{existing_id: {STORAGE}}}  # <-\n"), "AML505"),
    ("egress-disabled-logs", endpoint_intent(
        LEGACY_WS, DEPLOY + "egress_public_network_access: disabled  # <-\n", PE_NET), "AML506"),
    ("egress-disabled-with-mcr-image", endpoint_intent(LEGACY_WS, """
        model: azureml:credit:1
        image: mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest  # <-
        instance_type: Standard_DS3_v2
        egress_public_network_access: disabled
        """, PE_NET), "AML507"),
    ("egress-disabled-with-curated-environment", endpoint_intent(LEGACY_WS, """
        model: azureml:credit:1
        environment: azureml://registries/azureml/environments/sklearn-1.5/versions/1  # <-
        instance_type: Standard_DS3_v2
        egress_public_network_access: disabled
        """, PE_NET), "AML507"),
    ("private-endpoint-created-before-2022-05-24", endpoint_intent(PUBLIC_WS, DEPLOY, """
        inbound:
          existing_private_endpoint:
            resource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-ws
            created: 2022-01-10  # <-
        """), "AML508"),
    ("egress-disabled-with-registry-model", endpoint_intent(LEGACY_WS, """
        model: azureml://registries/shared/models/credit/versions/1  # <-
        environment: azureml:credit-env:1
        instance_type: Standard_DS3_v2
        egress_public_network_access: disabled
        """, PE_NET), "AML509"),
    ("egress-disabled-without-workspace-private-endpoint", endpoint_intent(
        PUBLIC_WS, DEPLOY + "egress_public_network_access: disabled  # <-\n"), "AML510"),
    ("environment-and-image", endpoint_intent(PUBLIC_WS, DEPLOY + "image: contoso.azurecr.io/score:1  # <-\n",
                                              endpoint="public_network_access: enabled\n"), "AML511"),
    ("code-path-and-asset", endpoint_intent(PUBLIC_WS, DEPLOY + "code:  # <-\n  path: ./src\n  asset: azureml:score:1\n",
                                            endpoint="public_network_access: enabled\n"), "AML512"),
    ("code-asset-without-scoring-script", endpoint_intent(PUBLIC_WS, DEPLOY + "code:  # <-\n  asset: azureml:score:1\n",
                                                          endpoint="public_network_access: enabled\n"), "AML512"),
    ("traffic-not-100", endpoint_intent(PUBLIC_WS, DEPLOY + "traffic: 90\n",
                                        endpoint="public_network_access: enabled\n").replace(
        "  - name: scoring\n", "  - name: scoring  # <-\n"), "AML513"),
    ("duplicate-deployment-names", endpoint_intent(PUBLIC_WS, DEPLOY, endpoint="public_network_access: enabled\n")
     + "      - name: BLUE  # <-\n" + textwrap.indent(DEPLOY.lstrip("\n"), "        "), "AML514"),
    ("malformed-model-reference", endpoint_intent(PUBLIC_WS, """
        model: credit:1  # <-
        environment: azureml:credit-env:1
        instance_type: Standard_DS3_v2
        """, endpoint="public_network_access: enabled\n"), "AML515"),
    ("private-endpoint-without-workspace-private-endpoint", endpoint_intent(PUBLIC_WS, DEPLOY).replace(
        "  - name: scoring\n", "  - name: scoring  # <-\n"), "AML516"),
    ("endpoint-name-invalid", endpoint_intent(PUBLIC_WS, DEPLOY, endpoint="public_network_access: enabled\n")
     .replace("  - name: scoring\n", "  - name: 1-scoring  # <-\n"), "AML601"),
]


# --- the managed network's lifecycle (AML112-AML119) ---------------------------------------------------

MANAGED_WS = """
workspace:
  public_network_access: enabled
  managed_network:
    isolation_mode: allow_internet_outbound
"""
SPARK_STORAGE = (f"      - {{name: data, type: private_endpoint, resource_id: {STORAGE}, subresource: blob, "
                 "spark_enabled: true}\n")

CASES += [
    ("spark-without-managed-network", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: disabled
            include_spark: true  # <-
        """), "AML112"),
    ("deployment-without-provisioned-network", endpoint_intent(MANAGED_WS + "    provision_on_creation: false  # <-\n",
                                                               DEPLOY, endpoint="public_network_access: enabled\n"),
     "AML113"),
    ("spark-without-spark-storage-rule", intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_internet_outbound
            include_spark: true  # <-
        """), "AML115"),
]


# --- the assets online deployments use (AML518-AML522) -------------------------------------------------

def asset_intent(assets: str, deployment: str = DEPLOY) -> str:
    """A public endpoint whose deployment uses the DEPLOY assets, with these asset declarations."""
    text = endpoint_intent(PUBLIC_WS, deployment, endpoint="public_network_access: enabled\n")
    return text.replace(ASSETS, "assets:\n" + textwrap.indent(textwrap.dedent(assets).lstrip("\n"), "  "))


CREDIT_ENV = "- {kind: environment, name: credit-env, version: 1, image: contoso.azurecr.io/credit/env:1}\n"
CASES += [
    ("asset-nothing-creates", asset_intent(CREDIT_ENV, DEPLOY.replace("model: azureml:credit:1",
                                                                      "model: azureml:credit:1  # <-")), "AML518"),
    ("asset-without-source", asset_intent(CREDIT_ENV + "- kind: model  # <-\n  name: credit\n  version: 1\n"),
     "AML519"),
    ("environment-from-a-path", asset_intent("""
        - kind: model
          name: credit
          version: 1
          path: azureml://datastores/workspaceblobstore/paths/m/1
        - kind: environment
          name: credit-env
          version: 1
          path: azureml://datastores/workspaceblobstore/paths/env  # <-
        """), "AML519"),
    ("asset-existing", asset_intent(CREDIT_ENV + "- {kind: model, name: credit, version: 1, existing: true}  # <-\n"),
     "AML520"),
    ("asset-declared-twice", asset_intent(CREDIT_ENV + CREDIT_ENV.replace("\n", "  # <-\n")
                                          + "- {kind: model, name: credit, version: 1, existing: true}\n"), "AML521"),
    ("asset-path-not-storage", asset_intent(CREDIT_ENV + "- {kind: model, name: credit, version: 1, "
                                            "path: ftp://example.com/m}  # <-\n"), "AML522"),
    ("asset-image-not-an-image", asset_intent("""
        - {kind: model, name: credit, version: 1, path: azureml://datastores/workspaceblobstore/paths/m/1}
        - {kind: environment, name: credit-env, version: 1, image: "not an image"}  # <-
        """), "AML522"),
]


# Intents whose informational notes (which never fail validation) are tested below.
NOTES = {
    # AML611 (more outbound rules than one template holds): its own tests are in test_limits.
    "outbound-rules-over-the-template-limit": intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
        """, "".join(f"      - {{name: rule-{i:03d}, type: fqdn, destination: h{i}.example.com}}\n"
                     for i in range(801))),
    "managed-network-notes": intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - {name: pypi, type: fqdn, destination: pypi.org}
        dns: {zones: none}
        """),
    "endpoint-notes": endpoint_intent(LEGACY_WS, """
        model: azureml:credit:1
        code: {path: ./src, scoring_script: score.py}
        environment: azureml:credit-env:1
        instance_type: Standard_DS3_v2
        egress_public_network_access: disabled
        """, PE_NET),
}


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
    loader_rules = {f"AML00{i}" for i in range(1, 8)} | {f"AML0{i}" for i in range(10, 18)}
    informational = {rule.id for rule in RULES.values() if rule.severity == "info"}
    # AML9xx compare the intent with an output folder: tests/test_check.py drives them through the CLI.
    command_line = {rule_id for rule_id in RULES if rule_id.startswith("AML9")}
    untested = set(RULES) - covered - loader_rules - informational - command_line - {"AML402", "AML611"}  # AML611: test_limits
    assert not untested, f"rules without a test case: {sorted(untested)}"


def test_informational_notes() -> None:
    ids = {d.rule_id for d in diagnostics_of(NOTES["managed-network-notes"])}
    assert {"AML109", "AML111", "AML602"} <= ids


def test_spark_provisioning_note() -> None:
    """Bicep cannot call provisionManagedNetwork: an include_spark intent says so (AML114), and with a Spark
    storage rule it warns of nothing else."""
    text = MANAGED_WS.replace("isolation_mode: allow_internet_outbound", "isolation_mode: allow_internet_outbound\n"
                              "    include_spark: true\n    outbound_rules:\n" + SPARK_STORAGE.replace("      -", "      -"))
    found = {d.rule_id for d in diagnostics_of(intent(text))}
    assert "AML114" in found and "AML115" not in found
    without_spark_flag = text.replace("spark_enabled: true", "spark_enabled: false")
    assert "AML115" in {d.rule_id for d in diagnostics_of(intent(without_spark_flag))}


def test_endpoint_informational_notes() -> None:
    text = NOTES["endpoint-notes"]
    found = {(d.rule_id, d.position.line) for d in diagnostics_of(text)}
    lines = text.splitlines()
    flag = next(i for i, line in enumerate(lines, 1) if "egress_public_network_access" in line)
    name = next(i for i, line in enumerate(lines, 1) if "- name: blue" in line)
    assert ("AML502", flag) in found
    assert ("AML517", name) in found
    assert all(d.severity.value != "error" for d in diagnostics_of(text))


def test_valid_intent_has_no_errors() -> None:
    text = intent("""
        workspace:
          managed_network:
            isolation_mode: allow_only_approved_outbound
            outbound_rules:
              - {name: pypi, type: fqdn, destination: "*.pypi.org"}
              - {name: arm, type: service_tag, service_tag: AzureResourceManager, port_ranges: "443"}
              - {name: stg, type: service_tag, service_tag: Storage.EastUS, protocol: TCP, port_ranges: "443"}
        compute:
          image_build_compute: cpu-cluster
          clusters:
            - {name: cpu-cluster, vm_size: Standard_DS3_v2}
        """, PRIVATE)
    assert all(d.severity.value != "error" for d in diagnostics_of(text))


def test_catalog_entries_are_complete() -> None:
    for rule in RULES.values():
        assert rule.severity in ("error", "warning", "info")
        assert rule.title and rule.fix and rule.source, rule.id


def test_naming_rules_see_every_name_the_plan_creates() -> None:
    """Private endpoint and DNS link names are derived from the prefix too, so the name check sees them."""
    from amlgen.analysis.decisions import planned_names
    from amlgen.plan import build_plan

    parsed, _ = validate(load_intent_text("intent.yaml", intent(PRIVATE).encode()))
    checked = {(p.kind, p.name) for p in planned_names(parsed)}
    plan = build_plan(parsed, "intent.yaml")
    endpoints = {("private_endpoint", pe.name) for pe in plan.of_type("Microsoft.Network/privateEndpoints")}
    links = {("dns_zone_link", link.name) for link in plan.of_type("Microsoft.Network/privateDnsZones/virtualNetworkLinks")}
    assert endpoints and links
    assert endpoints | links <= checked


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


def test_checks_that_read_a_rejected_section_do_not_run() -> None:
    """The schema rejects network (no spoke, an unknown outbound): the registry check reads it and is
    skipped, so no AML201; the outbound checks do not read it, so AML102 is still reported."""
    text = intent("""
        workspace:
          public_network_access: enabled
          managed_network:
            isolation_mode: allow_internet_outbound
            outbound_rules:
              - {name: pypi, type: fqdn, destination: pypi.org}  # <-
        resources:
          container_registry: {sku: Basic}
        network: {outbound: firewall}  # <-
        """, PRIVATE)
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", text.encode()))
    marked = [n for n, line in enumerate(text.splitlines(), start=1) if line.endswith("# <-")]
    assert [(d.rule_id, d.position.line) for d in caught.value.diagnostics] == [("AML102", marked[0]),
                                                                               ("AML012", marked[1]),
                                                                               ("AML011", marked[1])]


def test_endpoint_checks_run_beside_errors_in_other_sections() -> None:
    text = intent("""
        tags: {owner: [ml]}  # <-
        workspace:
          managed_network: {isolation_mode: allow_internet_outbound}
        endpoints:
          - name: credit-scoring  # <-
            public_network_access: enabled
            deployments:
              - {name: blue, model: "azureml:credit:1", instance_type: Standard_DS3_v2, traffic: 60}
              - {name: green, model: "azureml:credit:2", instance_type: Standard_DS3_v2, traffic: 30}
        assets:
          - {kind: model, name: credit, version: 1, path: "azureml://datastores/workspaceblobstore/paths/m/1"}
          - {kind: model, name: credit, version: 2, path: "azureml://datastores/workspaceblobstore/paths/m/2"}
        compute: {image_build_compute: builder, image_build_compute_existing: true}
        """, PRIVATE)
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", text.encode()))
    marked = [n for n, line in enumerate(text.splitlines(), start=1) if line.endswith("# <-")]
    assert [(d.rule_id, d.position.line) for d in caught.value.diagnostics] == [("AML011", marked[0]),
                                                                               ("AML513", marked[1])]


# --- Azure's limits (rules/limits.py) ------------------------------------------------------------------

CASES += [
    ("address-space-multicast", intent("""
        inbound:
          private_endpoint:
            virtual_network:
              address_space: 224.0.0.0/16  # <-
            subnet: {name: snet-pe, prefix: 224.0.1.0/24}
        """), "AML604"),
    ("subnet-names-duplicate", network("nsg", """
          spoke:
            address_space: 10.1.0.0/16
            training: {prefix: 10.1.0.0/24, name: snet-ml}
            scoring:
              prefix: 10.1.2.0/24
              name: SNET-ML  # <-
            private_endpoints: {prefix: 10.1.1.0/27}
        """), "AML605"),
    ("subscription-id-not-a-guid", intent("""
        subscription_id: my-subscription  # <-
        """), "AML606"),
    ("region-does-not-exist", intent("", "\n") .replace("location: eastus", "location: eastus3  # <-"), "AML608"),
    ("endpoint-vm-size-unknown", endpoint_intent(PUBLIC_WS, DEPLOY.replace(
        "instance_type: Standard_DS3_v2", "instance_type: Standard_DS3_v9  # <-")), "AML609"),
    ("endpoint-instances-above-default-limit", endpoint_intent(PUBLIC_WS, DEPLOY + "instance_count: 51  # <-\n"),
     "AML610"),
]
