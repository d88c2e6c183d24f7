"""File storage that never shows a partial file (written reports, P6.9).

Django's ``FileSystemStorage`` writes straight to the final name: a full disk, a
read-only folder or a killed worker leaves a zero-byte or half-written PDF under
the name a report row may point at. ``AtomicFileSystemStorage`` writes to a hidden
temporary name in the same folder, flushes it to the disk (``fsync``) and only
then links it to its final name, which is never overwritten; on any failure the
temporary file is removed and the error goes to the caller, who records it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from typing import Any

from django.core.files.storage import FileSystemStorage

# Django's own helper, which its stubs leave out.
from django.core.files.storage.filesystem import safe_makedirs  # type: ignore[attr-defined]
from django.utils.deconstruct import deconstructible

TEMPORARY_SUFFIX = ".part"


@deconstructible
class AtomicFileSystemStorage(FileSystemStorage):
    """``FileSystemStorage`` whose files appear whole, or not at all."""

    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        temporary = self._write_temporary(directory, content)
        try:
            while True:
                try:
                    # A hard link, unlike a rename, refuses to replace a file already
                    # there: a report another worker made under this name is kept.
                    os.link(temporary, full_path)
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                else:
                    break
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        self._sync_directory(directory)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        name = os.path.relpath(full_path, self.location)
        self._ensure_location_group_id(full_path)  # type: ignore[attr-defined]  # Django's, unstubbed
        return str(name).replace("\\", "/")

    def _write_temporary(self, directory: str, content: Any) -> str:
        """Write ``content`` to a new hidden file in ``directory``, on the disk; its path."""
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=TEMPORARY_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in content.chunks():
                    self._write_chunk(fh, chunk if isinstance(chunk, bytes) else chunk.encode())
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        return temporary

    def _write_chunk(self, fh: Any, chunk: bytes) -> None:
        fh.write(chunk)

    @staticmethod
    def _sync_directory(directory: str) -> None:
        # The new name itself survives a power cut only once its folder is on the disk.
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def report_file_sha256(report: Any) -> str:
    """The SHA-256 of a written report's stored file, read in blocks ("" when it has none)."""
    if not report.pdf:
        return ""
    digest = hashlib.sha256()
    with report.pdf.open("rb") as fh:
        for block in iter(lambda: fh.read(65536), b""):
            digest.update(block)
    return digest.hexdigest()


@deconstructible
class EvidenceFileStorage(AtomicFileSystemStorage):
    """Evidence files: under ``TTW_EVIDENCE_ROOT`` (read at each use), with no URL.

    Written whole or not at all, never over a file already there (the parent class), and
    readable by the application's own account only. Nothing is served from here directly:
    ``url`` refuses, so a template cannot link to a stored file by mistake.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    @property
    def base_location(self) -> str:
        from django.conf import settings

        return str(settings.TTW_EVIDENCE_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Evidence files have no URL; they are served by the evidence views.")
