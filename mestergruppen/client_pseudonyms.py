"""Who is asking, without keeping who they are: the client's network as a keyed hash.

Rate limits (the contact form) and login lockouts (the admin) count per client. Both key their
counters by `client_key()`, so the raw IP address is never stored, not even in the cache
(ARCHITECTURE.md: IP addresses kept for abuse control are hashed and kept briefly).
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address from the configured header; the proxy's own entry comes last."""
    raw = request.META.get(settings.CLIENT_IP_HEADER, "") or ""
    return raw.split(",")[-1].strip()


def client_key(request: HttpRequest) -> str:
    """A short, keyed hash of the client's network: IPv4 address, or the IPv6 /64 (one
    household or phone holds a whole /64, so its addresses count as one client)."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        network = "unknown"
    else:
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if ip.version == 6:
            network = str(ipaddress.ip_network(f"{ip}/64", strict=False))
        else:
            network = str(ip)
    digest = hmac.new(settings.SECRET_KEY.encode(), network.encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


def client_pseudonymous_address(request: HttpRequest) -> str:
    """The client key in the shape of an IP address, for django-axes, whose column is an IP
    address field (PostgreSQL's inet): a unique-local IPv6 address (fd00::/8) built from the
    keyed hash. It tells clients apart without being anyone's address."""
    return str(ipaddress.IPv6Address(bytes.fromhex("fd" + client_key(request).ljust(30, "0"))))


def client_description_for_logs(username, ip_address, user_agent, path_info, request) -> str:
    """What django-axes writes about a failed or locked-out sign-in: the page only. The user
    name (often an email address) and the address stay out of the log."""
    return f"path={path_info}"
