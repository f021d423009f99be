"""Values Azure accepts from a published list: regions per cloud, service tags with their regional forms, and
the VM sizes managed online endpoints run on. Each list is a JSON file beside this module, with its source
and the date it was taken (regions.json, service_tags.json, online_endpoint_vm_sizes.json); they ship in the
wheel. A value not in its list is refused with the closest values as "did you mean".
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from amlgen.records import dataclass

HERE = Path(__file__).parent  # the lists ship beside this module (package data of amlgen.azure)


@cache
def _load(name: str) -> Any:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def _squash(value: str) -> str:
    """How Azure compares region names: 'East US 2', 'eastus2' and 'EastUS2' are one region."""
    return re.sub(r"\s+", "", value).lower()


def suggestions(value: str, known: list[str], *, count: int = 3) -> list[str]:
    import difflib  # only for a value that is refused

    by_key = {_squash(k): k for k in known}
    close = difflib.get_close_matches(_squash(value), list(by_key), n=count, cutoff=0.6)
    return [by_key[k] for k in close]


def did_you_mean(value: str, known: list[str]) -> str:
    close = suggestions(value, known)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


# --- regions ------------------------------------------------------------------------------------------

def regions(cloud: str) -> list[str]:
    found: list[str] = _load("regions.json")["regions"][cloud]
    return found


def region_source(cloud: str) -> str:
    source: str = _load("regions.json")["sources"][cloud]
    return source


def region_problem(location: str, cloud: str) -> str | None:
    """Why a location is not a region of the cloud, or None. Display names ('East US') are accepted, as
    Azure Resource Manager and the azurerm provider accept them."""
    if _squash(location) in {_squash(r) for r in regions(cloud)}:
        return None
    for other, names in _load("regions.json")["regions"].items():
        if other != cloud and _squash(location) in {_squash(r) for r in names}:
            return f"'{location}' is a region of {other}, not of {cloud}"
    return f"'{location}' is not an Azure region of {cloud}{did_you_mean(location, regions(cloud))}"


# --- service tags -------------------------------------------------------------------------------------

def _tags() -> dict[str, dict[str, list[str]]]:
    tags: dict[str, dict[str, list[str]]] = _load("service_tags.json")["tags"]
    return tags


def service_tag_names() -> list[str]:
    """Every tag and regional form any cloud publishes, plus the tags that are never downloaded."""
    names: set[str] = set(_load("service_tags.json")["virtual"])
    for published in _tags().values():
        for tag, regional in published.items():
            names.add(tag)
            names.update(f"{tag}.{suffix}" for suffix in regional)
    return sorted(names)


@cache
def _folded_tags() -> dict[str, str]:
    return {name.lower(): name for name in service_tag_names()}


def service_tag_problem(tag: str) -> str | None:
    """Why a service tag is not one Azure publishes, or None. Tags compare without regard to case."""
    if tag.lower() in _folded_tags():
        return None
    base, dot, region = tag.rpartition(".")
    folded = _folded_tags()
    if dot and base.lower() in folded:
        known = folded[base.lower()]
        regional = sorted({suffix for published in _tags().values() for suffix in published.get(known, [])})
        if not regional:
            return f"'{known}' has no regional forms; use '{known}' alone"
        hint = did_you_mean(region, regional) or f"; regional forms look like {known}.{regional[0]}"
        return f"'{tag}' is not a regional form of {known}{hint}"
    return f"'{tag}' is not an Azure service tag{did_you_mean(tag, service_tag_names())}"


def regional_suffix(tag: str, location: str, cloud: str) -> str | None:
    """The suffix of the tag's regional form in the location's region, spelled as the cloud's service tag file
    spells it (Storage in eastus2 -> EastUS2), or None when the file publishes no such form."""
    published = _tags().get(cloud, {}).get(tag, [])
    matches = [suffix for suffix in published if _squash(suffix) == _squash(location)]
    return min(matches, key=str.islower) if matches else None  # the file's capitalised spelling first


# --- managed online endpoint VM sizes -----------------------------------------------------------------

def canonical_vm_size(size: str) -> str:
    """The article spells sizes in capitals (STANDARD_DS3_V2); Azure's own spelling is Standard_DS3_v2."""
    head, *parts = size.split("_")[1:]
    match = re.fullmatch(r"([A-Z]+)([0-9]+)([A-Z]*)", head)
    first = f"{match[1]}{match[2]}{match[3].lower()}" if match else head
    rest = [part.lower() if re.fullmatch(r"V[0-9]+", part) else part for part in parts]
    return "_".join(["Standard", first, *rest])


def online_endpoint_vm_sizes() -> list[str]:
    return [canonical_vm_size(size) for size in _load("online_endpoint_vm_sizes.json")["sizes"]]


def vm_size_problem(size: str) -> str | None:
    known = online_endpoint_vm_sizes()
    if size.lower() in {k.lower() for k in known}:
        return None
    guess = re.sub(r"[\s-]+", "_", size.strip())
    spelled = [k for k in known if k.lower() == guess.lower()]
    if spelled:
        return f"'{size}' is not spelled as Azure names VM sizes; did you mean '{spelled[0]}'?"
    return f"'{size}' is not a VM size managed online endpoints support{_closest_sizes(size, known)}"


def _closest_sizes(size: str, known: list[str]) -> str:
    """'; did you mean ...?' naming up to three listed sizes close to `size`, or nothing."""
    guess = re.sub(r"[\s-]+", "_", size.strip())
    import difflib  # only for a value that is refused

    close = difflib.get_close_matches(guess.lower(), [k.lower() for k in known], n=3, cutoff=0.75)
    named = [next(k for k in known if k.lower() == c) for c in close]
    return f"; did you mean {' or '.join(repr(n) for n in named)}?" if named else ""


# --- VM sizes of compute clusters and instances ---------------------------------------------------------
# What any Azure VM size name looks like: Standard_, a family in letters, vCPUs (with a constrained count after a
# hyphen), feature letters, then underscore-separated parts (Standard_HB120-96rs_v3, Standard_NC4as_T4_v3,
# Standard_NC6_Promo). A value of another shape is not a VM size at all.
VM_SIZE_SHAPE = re.compile(r"Standard_[A-Z]+[0-9]+(-[0-9]+)?[A-Z]*(_[A-Z0-9]+)*", re.IGNORECASE)


@dataclass(frozen=True)
class ComputeSizeProblem:
    """Why a compute VM size may be refused. `certain`: Azure refuses it (not a size name, a clusters-only series
    on an instance); `retired`: the series can no longer be provisioned; neither: outside the supported series."""
    message: str
    certain: bool = False
    retired: bool = False


def _compute_series() -> dict[str, dict[str, Any]]:
    series: dict[str, dict[str, Any]] = _load("compute_vm_sizes.json")["series"]
    return series


def compute_clusters_only_series() -> list[str]:
    names: list[str] = _load("compute_vm_sizes.json")["clusters_only"]
    return names


def compute_vm_sizes(instances: bool) -> list[str]:
    """The sizes of the series Azure Machine Learning compute supports and Azure still provisions (for instances,
    without the series offered to clusters only)."""
    return [size for name, series in _compute_series().items()
            if "retired" not in series and not (instances and name in compute_clusters_only_series())
            for size in series["sizes"]]


def compute_vm_size_series(size: str) -> str | None:
    """The supported series a size is listed under, compared without regard to case, or None."""
    return next((name for name, series in _compute_series().items()
                 if size.lower() in {listed.lower() for listed in series["sizes"]}), None)


def _family(size: str) -> str:
    return re.sub(r"[0-9].*", "", size.split("_", 1)[-1]).upper()


def _current_of_family(size: str) -> str:
    """The supported series of the same family (NC6s_v3 -> NCasT4_v3) that Azure still provisions."""
    current = [name for name, series in _compute_series().items()
               if "retired" not in series and any(_family(s) == _family(size) for s in series["sizes"])]
    return f"; current supported series of the {_family(size)} family: {', '.join(current)}" if current else ""


def compute_vm_size_problem(size: str, instances: bool) -> ComputeSizeProblem | None:
    known = compute_vm_sizes(instances)
    if not VM_SIZE_SHAPE.fullmatch(size):
        prefixed = [k for k in known if k.lower() == f"standard_{size.strip()}".lower()]
        hint = f"; did you mean '{prefixed[0]}'?" if prefixed else _closest_sizes(size, known)
        return ComputeSizeProblem(f"'{size}' is not an Azure VM size name (Standard_ followed by a size such as "
                                  f"DS3_v2){hint}", certain=True)
    series = compute_vm_size_series(size)
    if series is None:
        return ComputeSizeProblem(f"'{size}' is not in the series the article lists as supported for Azure Machine "
                                  f"Learning compute; Azure may refuse it or the region may not offer it"
                                  f"{_closest_sizes(size, known)} (`az ml compute list-sizes` lists a region's)")
    retired = _compute_series()[series].get("retired")
    if retired is not None:
        return ComputeSizeProblem(f"'{size}' is a size of the {series} series, which Azure retired on "
                                  f"{retired['on']} and no longer provisions{_current_of_family(size)}",
                                  retired=True)
    if instances and series in compute_clusters_only_series():
        return ComputeSizeProblem(f"'{size}' is a size of the {series} series, which runs compute clusters only, "
                                  "not compute instances", certain=True)
    return None
