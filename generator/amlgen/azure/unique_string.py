"""ARM's uniqueString(): a 13-character deterministic hash of its arguments.

The arguments are joined with '-', hashed with the 64-bit MurmurHash variant ARM uses (two 32-bit lanes over
8-byte blocks, as in Microsoft.PowerPlatform.ResourceStack), and the 64-bit result is written as 13 base-32
characters (a-z, 2-7), most significant bits first. amlgen computes it when it renders, so Bicep and
Terraform get the same value: the one `uniqueString(subscription().subscriptionId, resourceGroup().name,
'<name>')` returns in a Bicep deployment to that subscription and resource group. tests/test_names.py
checks it against values ARM returned.
"""

from __future__ import annotations

_MASK = 0xFFFFFFFF
_C1, _C2 = 0xAB0E9789, 0x239B961B  # block constants of the two lanes
_M1, _M2 = 0x85EBCA6B, 0xC2B2AE35  # finalizer (fmix32)
_ADD1, _ADD2 = 0x561CCD1B, 0x0BCAA747
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def _rotl(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (32 - bits))) & _MASK


def _signed_times_five(value: int) -> int:
    signed = value - (1 << 32) if value & 0x80000000 else value
    return signed * 5


def _mix(value: int) -> int:
    value = ((value ^ (value >> 16)) * _M1) & _MASK
    value = ((value ^ (value >> 13)) * _M2) & _MASK
    return value ^ (value >> 16)


def _word(data: bytes, offset: int, count: int = 4) -> int:
    return int.from_bytes(data[offset:offset + count], "little")


def _hash64(data: bytes) -> int:
    length = len(data)
    h1 = h2 = 0
    blocks = length // 8 * 8
    for offset in range(0, blocks, 8):
        k1 = _rotl((_word(data, offset) * _C2) & _MASK, 15) * _C1 & _MASK
        k2 = _rotl((_word(data, offset + 4) * _C1) & _MASK, 17) * _C2 & _MASK
        h1 = (_rotl(h1 ^ k1, 19) + h2) & _MASK
        h1 = (_signed_times_five(h1) + _ADD1) & _MASK
        h2 = (_rotl(h2 ^ k2, 13) + h1) & _MASK
        h2 = (_signed_times_five(h2) + _ADD2) & _MASK
    tail = length - blocks
    if tail:
        h1 ^= _rotl((_word(data, blocks, min(tail, 4)) * _C2) & _MASK, 15) * _C1 & _MASK
        if tail > 4:
            h2 ^= _rotl((_word(data, blocks + 4, tail - 4) * _C1) & _MASK, 17) * _C2 & _MASK
    h2 ^= length
    h1 = ((h1 ^ length) + h2) & _MASK
    h2 = (h2 + h1) & _MASK
    h1, h2 = _mix(h1), _mix(h2)
    h1 = (h1 + h2) & _MASK
    h2 = (h2 + h1) & _MASK
    return (h2 << 32) | h1


def unique_string(*parts: str) -> str:
    value = _hash64("-".join(parts).encode("utf-8"))
    # 13 characters of 5 bits, most significant first: the last one takes the 4 lowest bits and a 0.
    return "".join(_ALPHABET[((value << (5 * index)) & 0xFFFFFFFFFFFFFFFF) >> 59] for index in range(13))
