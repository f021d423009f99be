"""Resource names: derived from the intent's prefix unless given, and checked against Azure's rules.

Derived names use the Cloud Adoption Framework abbreviations (mlw-, st, kv-, cr, appi-, log-, vnet-,
pe-), so a reviewer recognises each resource's type from its name.
"""

from __future__ import annotations

import re

from amlgen.records import dataclass


@dataclass(frozen=True)
class NameRule:
    resource: str
    min_len: int
    max_len: int
    pattern: str  # full-match regex
    allowed: str  # plain-language description for messages
    globally_unique: bool = False
    source: str = "Naming rules and restrictions for Azure resources"

    @property
    def noun(self) -> str:
        """'storage account name', but 'name prefix' (not 'name prefix name')."""
        return self.resource if self.resource.endswith(("name", "prefix")) else f"{self.resource} name"

    def problem(self, name: str) -> str | None:
        """Why a name breaks this rule, or None when it is valid."""
        if not self.min_len <= len(name) <= self.max_len:
            return f"'{name}' has {len(name)} characters; the {self.noun} must have {self.min_len}-{self.max_len}"
        if not re.fullmatch(self.pattern, name):
            return f"'{name}' is not a valid {self.noun}: use {self.allowed}"
        return None


NAME_RULES: dict[str, NameRule] = {
    "workspace": NameRule("Machine Learning workspace", 3, 33, r"[A-Za-z0-9][A-Za-z0-9_-]*",
                          "letters, digits, hyphens and underscores, starting with a letter or digit"),
    "storage_account": NameRule("storage account", 3, 24, r"[a-z0-9]+", "lowercase letters and digits only",
                                globally_unique=True),
    "key_vault": NameRule("key vault", 3, 24, r"[A-Za-z](?:[A-Za-z0-9]|-(?!-))*[A-Za-z0-9]",
                          "letters, digits and single hyphens, starting with a letter and ending with a "
                          "letter or digit", globally_unique=True),
    "container_registry": NameRule("container registry", 5, 50, r"[A-Za-z0-9]+", "letters and digits only",
                                   globally_unique=True),
    # 1-260 characters; not % & \ ? / or control characters; not ending in a space or a period.
    "application_insights": NameRule("Application Insights component", 1, 260,
                                     r"[^%&\\?/\x00-\x1f\x7f-\x9f]*[^%&\\?/\x00-\x1f\x7f-\x9f. ]",
                                     "any characters except % & \\ ? / and control characters, not ending in a "
                                     "space or a period"),
    "log_analytics_workspace": NameRule("Log Analytics workspace", 4, 63,
                                        r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?",
                                        "letters, digits and hyphens, starting and ending with a letter or digit"),
    "virtual_network": NameRule("virtual network", 2, 64, r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?",
                                "letters, digits, underscores, periods and hyphens, ending with a letter, "
                                "digit or underscore"),
    "subnet": NameRule("subnet", 1, 80, r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?",
                       "letters, digits, underscores, periods and hyphens, ending with a letter, digit or "
                       "underscore"),
    "private_endpoint": NameRule("private endpoint", 2, 64, r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?",
                                 "letters, digits, underscores, periods and hyphens, starting with a letter or "
                                 "digit and ending with a letter, digit or underscore"),
    "dns_zone_link": NameRule("private DNS zone virtual network link", 1, 80,
                              r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?",
                              "letters, digits, underscores, periods and hyphens, starting with a letter or "
                              "digit and ending with a letter, digit or underscore"),
    # The Machine Learning resource provider's name pattern for outbound rules: ^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$.
    "outbound_rule": NameRule("outbound rule", 3, 33, r"[A-Za-z0-9][A-Za-z0-9_-]{2,32}",
                              "letters, digits, hyphens and underscores, starting with a letter or digit",
                              source="Azure REST API specification, Microsoft.MachineLearningServices "
                                     "workspaces/outboundRules (ruleName pattern)"),
    "user_assigned_identity": NameRule("user-assigned managed identity", 3, 128, r"[A-Za-z0-9][A-Za-z0-9_-]*",
                                       "letters, digits, hyphens and underscores, starting with a letter or digit"),
    "prefix": NameRule("name prefix", 2, 20, r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?",
                       "lowercase letters, digits and hyphens, starting and ending with a letter or digit"),
}


def name_problem(kind: str, name: str) -> str | None:
    """Why a name breaks Azure's rules for its resource kind, or None when it is valid."""
    return NAME_RULES[kind].problem(name)


def compact(prefix: str) -> str:
    """The prefix as lowercase letters and digits, for names that allow nothing else."""
    return re.sub(r"[^a-z0-9]", "", prefix.lower())


def derive(kind: str, prefix: str, group: str = "") -> str:
    """The default name of a resource kind for a prefix (private endpoints also take their group)."""
    short = compact(prefix)
    return {
        "workspace": f"mlw-{prefix}",
        "storage_account": f"st{short}",
        "key_vault": f"kv-{prefix}",
        "container_registry": f"cr{short}",
        "application_insights": f"appi-{prefix}",
        "log_analytics_workspace": f"log-{prefix}",
        "virtual_network": f"vnet-{prefix}",
        "private_endpoint": f"pe-{prefix}-{group}",
        "dns_zone_link": f"link-{prefix}",
        "user_assigned_identity": f"id-{prefix}",
    }[kind]
