"""The organisation's keys, kept outside the database, and what they sign.

Two keys, both files named by settings and never stored in the database:

- ``TTW_CHECKPOINT_KEY_FILE``: an Ed25519 key that signs checkpoints of the hash
  chain (``ttw_safeguarding.records.checkpoints``). Someone who can rewrite every table
  still cannot write a checkpoint that verifies without it.
- ``TTW_SIGNING_KEY_FILE`` and ``TTW_SIGNING_CERT_FILE``: the organisation's
  certificate and its key, which sign every PDF (PAdES, with pyHanko) so that a
  recipient can check in any PDF reader, without this application, that a report
  is the one the organisation issued and is unchanged (P6.9).

With ``DEBUG`` on, missing files are generated once under ``var/`` (a self-signed
demo certificate). With ``DEBUG`` off, settings refuse to start without them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import io
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

# The PDF signature field every report carries.
SIGNATURE_FIELD = "TTWSignature"

T = TypeVar("T")


def _outside_event_loop(work: Callable[[], T]) -> T:
    """Run ``work`` where no asyncio loop is running.

    pyHanko's synchronous calls start an event loop of their own, which fails in a thread
    that already runs one (an ASGI server, a browser-driven test): there, a worker thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


class MissingKeyError(ImproperlyConfigured):
    """A key or certificate file named by the settings is not there."""


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created readable by the application's user only; never overwritten.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _pem_private(key: Ed25519PrivateKey | ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _demo_allowed(path: Path) -> None:
    if not settings.DEBUG:
        raise MissingKeyError(f"{path} does not exist (see SECURITY.md, 'Tamper evidence').")


def keys_generate(*, checkpoint_key: Path, signing_key: Path, signing_cert: Path) -> None:
    """Write a new checkpoint key and a self-signed certificate with its key (demo, tests)."""
    _write_private(checkpoint_key, _pem_private(Ed25519PrivateKey.generate()))
    _demo_certificate(signing_key, signing_cert)


# --- checkpoint key (Ed25519) -----------------------------------------------------------


@functools.cache
def _checkpoint_key(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        _demo_allowed(path)
        _write_private(path, _pem_private(Ed25519PrivateKey.generate()))
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} must hold an Ed25519 private key.")
    return key


def checkpoint_key() -> Ed25519PrivateKey:
    return _checkpoint_key(Path(settings.TTW_CHECKPOINT_KEY_FILE))


def checkpoint_public_key() -> Ed25519PublicKey:
    return checkpoint_key().public_key()


def checkpoint_key_id() -> str:
    """The public key as hex: printed in the digest so a reader can tell which key signed."""
    raw = checkpoint_public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return raw.hex()


def checkpoint_sign(data: bytes) -> bytes:
    return checkpoint_key().sign(data)


def checkpoint_signature_valid(data: bytes, signature: bytes) -> bool:
    try:
        checkpoint_public_key().verify(signature, data)
    except InvalidSignature:
        return False
    return True


# --- the organisation's certificate (PAdES) ---------------------------------------------


def _demo_certificate(key_path: Path, cert_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.ORGANISATION_NAME),
            x509.NameAttribute(
                NameOID.COMMON_NAME,
                f"{settings.ORGANISATION_NAME} Safeguarding Records (demonstration)",
            ),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,  # non-repudiation: the organisation stands by the report
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, _pem_private(key))
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _certificate_files() -> tuple[Path, Path]:
    key_path = Path(settings.TTW_SIGNING_KEY_FILE)
    cert_path = Path(settings.TTW_SIGNING_CERT_FILE)
    if not key_path.exists() and not cert_path.exists():
        _demo_allowed(key_path)
        _demo_certificate(key_path, cert_path)
    for path in (key_path, cert_path):
        if not path.exists():
            raise MissingKeyError(f"{path} does not exist (see SECURITY.md, 'Tamper evidence').")
    return key_path, cert_path


@functools.cache
def _pdf_signer(key_path: Path, cert_path: Path, _mtime: float) -> signers.SimpleSigner:
    signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
    if signer is None:
        raise ImproperlyConfigured(f"could not load the signing key {key_path} or {cert_path}")
    return signer


def _signer() -> signers.SimpleSigner:
    key_path, cert_path = _certificate_files()
    return _pdf_signer(key_path, cert_path, cert_path.stat().st_mtime)


def organisation_certificate() -> Any:
    """The organisation's certificate (asn1crypto): the trust root for its signatures."""
    _key_path, cert_path = _certificate_files()
    return load_cert_from_pemder(str(cert_path))


def pdf_sign(pdf: bytes, *, reason: str) -> bytes:
    """``pdf`` signed by the organisation (PAdES baseline B-B), as a new revision of it.

    The signature is an incremental update, so a PDF/A document stays PDF/A.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=reason[:200],
        name=settings.ORGANISATION_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    pdf_signer = signers.PdfSigner(metadata, signer=_signer())
    return _outside_event_loop(lambda: pdf_signer.sign_pdf(writer).getvalue())


def pdf_signature_problem(pdf: bytes) -> str | None:
    """``None`` when ``pdf`` carries the organisation's valid signature over all of it.

    Otherwise what is wrong, in words: unsigned, changed after signing, signed
    by another certificate.
    """
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # noqa: BLE001 - an unreadable file is a finding, not a crash
        return f"not a readable PDF ({type(exc).__name__})"
    if not signatures:
        return "carries no signature"
    context = ValidationContext(trust_roots=[organisation_certificate()])
    try:
        status = _outside_event_loop(lambda: validate_pdf_signature(signatures[-1], context))
    except Exception as exc:  # noqa: BLE001 - a malformed signature is a finding
        return f"signature cannot be read ({type(exc).__name__})"
    if not status.intact or not status.valid:
        return "signature does not match the file (changed after signing)"
    if not status.trusted:
        return "signed by a certificate that is not the organisation's"
    if status.coverage is None or status.coverage.name != "ENTIRE_FILE":
        return "the signature does not cover the whole file"
    return None
