"""The client's network address: one reading for rate limits, lockout and the audit log.

X-Forwarded-For is written by whoever sends the request, so it is believed only as far
as it was written by a proxy we trust (HAVEN_TRUSTED_PROXIES: addresses or CIDR ranges,
empty by default). Reading from the connection towards the client, each hop that is a
trusted proxy vouches for the entry to its left; the client is the first hop, counted
from the right, that is not a trusted proxy. With no trusted proxies the header is
ignored and the client is the connection's own address (REMOTE_ADDR).
"""

import ipaddress

from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
SETTING = "HAVEN_TRUSTED_PROXIES"


def trusted_networks(raw: str) -> tuple[Network, ...]:
    """Parse HAVEN_TRUSTED_PROXIES (comma-separated); refuse anything that is not an
    address or a range, naming the variable."""
    networks = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{SETTING} must list IP addresses or CIDR ranges separated by commas "
                f"(for example 10.0.0.0/8, 192.0.2.10); {item!r} is not one: {error}."
            ) from None
    return tuple(networks)


def _address(raw: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not raw:
        return None
    text = raw.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "198.51.100.7:5678"
        text = text.split(":", 1)[0]
    try:
        found = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped:
        return found.ipv4_mapped
    return found


def _trusted(address, networks) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(request) -> str | None:
    """The client's address as text, or None when the connection has none we can read."""
    from django.conf import settings

    networks = getattr(settings, SETTING, ())
    current = _address(request.META.get("REMOTE_ADDR"))
    if current is None or not networks or not _trusted(current, networks):
        return str(current) if current is not None else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",") if forwarded else []):
        previous = _address(hop)
        if previous is None:
            break  # a trusted proxy passed on something unreadable: stop at that proxy
        current = previous
        if not _trusted(current, networks):
            break
    return str(current)


def client_key(request) -> str:
    """A keyed hash of the client address, for rate-limit keys: the cache never holds the
    address itself."""
    import hashlib

    from django.conf import settings

    raw = f"{settings.SECRET_KEY}:{client_address(request) or ''}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]
