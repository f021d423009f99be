"""Registered kinds: each associated resource kind and each outbound rule kind is one definition."""
