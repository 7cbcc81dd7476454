"""The fixture proxy's TLS side: a throwaway self-signed certificate naming every fixture host.

The proxy terminates HTTPS itself (``CONNECT``), so it needs a certificate; `cryptography` is
imported only here, when a fixture site is served over HTTPS.
"""

from __future__ import annotations

import datetime as dt
import functools
import ssl
import tempfile
from pathlib import Path


@functools.cache
def tls_context(hosts: tuple[str, ...] = ()) -> ssl.SSLContext:
    """One self-signed EC certificate per host set, naming every fixture host.

    Scrapy does not verify certificates, but it warns when the name does not match.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "schoolnews fixture proxy")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(h) for h in ("localhost", *hosts)]), False
        )
        .sign(key, hashes.SHA256())
    )
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # load_cert_chain only takes file names, so go through a private temp dir.
    with tempfile.TemporaryDirectory() as tmp:
        pem = Path(tmp, "proxy.pem")
        pem.write_bytes(
            cert.public_bytes(serialization.Encoding.PEM)
            + key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        ctx.load_cert_chain(pem)
    return ctx
