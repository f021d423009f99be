"""The key vault where the workspace keeps its secrets."""

from __future__ import annotations

from typing import Literal

from amlgen.arm.build import LOCATION, TAGS, access, default_action
from amlgen.arm.model import Resource, TenantId
from amlgen.azure.names import NAME_RULES, compact
from amlgen.azure.private_link import PrivateLinkGroup, Record, zone
from amlgen.azure.roles import CONTRIBUTOR, KEY_VAULT_ADMINISTRATOR
from amlgen.kinds.associated.base import MODULE, AssociatedKind, KindFacts, NamePart, NetworkedSpec


class KeyVault(NetworkedSpec):
    sku: Literal["standard", "premium"] | None = None


VAULT = PrivateLinkGroup(
    "vault",
    (zone("privatelink.vaultcore.azure.net", "privatelink.vaultcore.azure.cn",
          "privatelink.vaultcore.usgovcloudapi.net", "key vault"),),
    (Record(0, "{name}", "vault endpoint"),),
    "vault",
)

NAME = NamePart("key_vault_name", "key vault", NAME_RULES["key_vault"], lambda prefix: f"kv-{prefix}",
                unique=lambda prefix, suffix: f"kv{compact(prefix)[:9]}{suffix}")  # 24 characters at most


def lower(spec: KeyVault, facts: KindFacts) -> tuple[Resource, ...]:
    public = facts.public_network_access
    return (Resource(
        key="key_vault",
        title=KIND.label,
        type=KIND.arm_type,
        name=NAME.param(),
        module=MODULE,
        location=LOCATION,
        tags=TAGS,
        properties={
            "tenantId": TenantId(),
            "sku": {"family": "A", "name": spec.sku or "standard"},
            "enableRbacAuthorization": True,
            "enablePurgeProtection": True,
            "enableSoftDelete": True,
            "publicNetworkAccess": access(public),
            "networkAcls": {"defaultAction": default_action(public), "bypass": "AzureServices"},
        },
    ),)


KIND: AssociatedKind[KeyVault] = AssociatedKind(
    key="key_vault",
    order=20,
    label="key vault",
    title="Key vault",
    arm_type="Microsoft.KeyVault/vaults",
    spec=KeyVault,
    workspace_property="keyVault",
    names=(NAME,),
    lower=lower,
    private_link=(VAULT,),
    identity_roles=(CONTRIBUTOR, KEY_VAULT_ADMINISTRATOR),
    description="Secrets of the workspace and its connections.",
)
