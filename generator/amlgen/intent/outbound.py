"""Outbound rules of the workspace managed virtual network, as the intent declares them: the union of the
registered outbound rule kinds (amlgen.kinds.outbound), told apart by their `type`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Union

from pydantic import Field

from amlgen.kinds.outbound import KINDS
from amlgen.kinds.outbound.base import RuleSpec
from amlgen.kinds.outbound.fqdn import FqdnRule
from amlgen.kinds.outbound.private_endpoint import PrivateEndpointRule
from amlgen.kinds.outbound.service_tag import ServiceTagRule

if TYPE_CHECKING:
    OutboundRule = RuleSpec
    AllowRule = RuleSpec
else:
    OutboundRule = Annotated[Union[tuple(kind.spec for kind in KINDS)], Field(discriminator="type")]  # noqa: UP007
    # The kinds a customer network's firewall or NSG can express (network.additional_outbound).
    AllowRule = Annotated[Union[tuple(kind.spec for kind in KINDS if kind.customer_network)],  # noqa: UP007
                          Field(discriminator="type")]

__all__ = ["AllowRule", "FqdnRule", "OutboundRule", "PrivateEndpointRule", "ServiceTagRule"]
