"""TLS material for the venue: a local certificate authority and a server certificate.

On first start the venue writes into its data dir a CA (``ca.pem``, ``ca-key.pem``) and a server
certificate signed by it (``server.pem``, ``server-key.pem``) for ``localhost``, ``127.0.0.1``
and ``::1`` plus any extra host names asked for. Clients trust ``ca.pem`` (the banner prints its
path). Existing files are reused, so clients keep trusting the same CA across restarts.

Kraken's FIX docs say TLS 1.3 in one place and "1.2 or higher" in another (spec/fix.md §14.2):
the server offers 1.2 and 1.3 by default (1.3 is negotiated with any client that supports it)
and ``minimum_version="1.3"`` makes it 1.3 only.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_NAME = "krakenbox local CA"
VALIDITY = datetime.timedelta(days=3650)
TLS_VERSIONS = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}


@dataclass(frozen=True, slots=True)
class TlsFiles:
    """Paths of the PEM files in a data dir."""

    ca_cert: Path
    ca_key: Path
    server_cert: Path
    server_key: Path

    @classmethod
    def in_dir(cls, directory: Path) -> TlsFiles:
        return cls(
            ca_cert=directory / "ca.pem",
            ca_key=directory / "ca-key.pem",
            server_cert=directory / "server.pem",
            server_key=directory / "server-key.pem",
        )


def ensure_tls_files(directory: Path, hosts: tuple[str, ...] = ()) -> TlsFiles:
    """Create the CA and server certificate in ``directory`` unless they already exist."""
    directory.mkdir(parents=True, exist_ok=True)
    files = TlsFiles.in_dir(directory)
    if not (files.ca_cert.exists() and files.ca_key.exists()):
        ca_key = ec.generate_private_key(ec.SECP256R1())
        _write_key(files.ca_key, ca_key)
        files.ca_cert.write_bytes(_self_signed_ca(ca_key).public_bytes(serialization.Encoding.PEM))
        files.server_cert.unlink(missing_ok=True)
    if not (files.server_cert.exists() and files.server_key.exists()):
        loaded_key = serialization.load_pem_private_key(files.ca_key.read_bytes(), password=None)
        ca_cert = x509.load_pem_x509_certificate(files.ca_cert.read_bytes())
        if not isinstance(loaded_key, ec.EllipticCurvePrivateKey):
            raise ValueError(
                f"{files.ca_key} is not an EC private key; remove the tls dir to regenerate"
            )
        ca_key = loaded_key
        server_key = ec.generate_private_key(ec.SECP256R1())
        _write_key(files.server_key, server_key)
        certificate = _server_certificate(server_key, ca_key, ca_cert, hosts)
        files.server_cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return files


def server_context(files: TlsFiles, minimum_version: str = "1.2") -> ssl.SSLContext:
    """A server-side context presenting the venue's certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = _tls_version(minimum_version)
    context.load_cert_chain(files.server_cert, files.server_key)
    return context


def client_context(ca_file: Path | None, minimum_version: str = "1.2") -> ssl.SSLContext:
    """A client-side context trusting ``ca_file`` (or the system store when None)."""
    context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    context.minimum_version = _tls_version(minimum_version)
    return context


def _tls_version(name: str) -> ssl.TLSVersion:
    try:
        return TLS_VERSIONS[name]
    except KeyError:
        raise ValueError(
            f"TLS version must be one of {sorted(TLS_VERSIONS)}, not {name!r}"
        ) from None


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.write_bytes(pem)
    path.chmod(0o600)


def _self_signed_ca(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME)])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _server_certificate(
    key: ec.EllipticCurvePrivateKey,
    ca_key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    hosts: tuple[str, ...],
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.SubjectAlternativeName(_alternative_names(hosts)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )


def _alternative_names(hosts: tuple[str, ...]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in ("localhost", "127.0.0.1", "::1", *hosts):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return list(dict.fromkeys(names))
