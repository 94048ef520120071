"""Upload attacks on every upload endpoint: path-traversal and hostile file names, oversized files, a zip bomb
disguised as a workbook, XML entity bombs, nesting bombs in JSON and YAML, and polyglot evidence files. Each
is refused with a message on the upload field (or served back safely), never a 500, and nothing is written
where it should not be."""

from __future__ import annotations

import io
import resource
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from sanad.plans import evidence
from sanad.plans.models import EvidenceFile
from tests.cast import Cast
from tests.hostile import recorded_writes

PDF = b"%PDF-1.4\n% minutes of the session\n"


@dataclass(frozen=True)
class Upload:
    url_name: str
    role: str
    field: str  # the form's file field
    form: str  # the form class, "module:Class"
    limit: int  # bytes
    kwargs: Callable[[Cast], dict[str, Any]] = lambda cast: {}
    extra: dict[str, str] | None = None


UPLOADS = [
    Upload("plans:evidence_upload", "focal", "file", "sanad.plans.forms:EvidenceForm", 10 * 2**20,
           lambda cast: {"report_id": cast.draft_report.pk}),
    Upload("cases:import", "caseworker", "file", "sanad.cases.import_views:ImportForm", 20 * 2**20,
           extra={"dry_run": "on"}),
    Upload("justice:import", "prosecutor", "register", "sanad.justice.forms:RegisterImportForm", 20 * 2**20),
    Upload("identification:offline_import", "caseworker", "file",
           "sanad.identification.forms:OfflineImportForm", 10 * 2**20),
    Upload("tip:import", "admin", "tier_list", "sanad.tip.forms:TierListForm", 2 * 2**20),
    Upload("guides:list", "admin", "file", "sanad.identification.forms:GuideUploadForm", 1_000_000),
]  # fmt: skip


def _upload_forms() -> set[str]:
    """Every form of Sanad with a file field: each is the form of an upload endpoint."""
    import importlib
    import pkgutil

    import sanad

    for module in pkgutil.walk_packages(sanad.__path__, "sanad."):
        if module.name.rsplit(".", 1)[-1] in ("forms", "import_views", "views"):
            importlib.import_module(module.name)
    found: set[str] = set()
    pending: list[type[forms.BaseForm]] = [forms.Form]
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.startswith("sanad.") and any(
            isinstance(field, forms.FileField) for field in form.base_fields.values()
        ):
            found.add(f"{form.__module__}:{form.__qualname__}")
    return found


def test_every_upload_form_is_probed() -> None:
    assert _upload_forms() == {upload.form for upload in UPLOADS}


def _multipart(upload: Upload, filename: str, content: bytes) -> tuple[bytes, str]:
    """A multipart body with the file name exactly as given: Django's test client would strip its folders."""
    boundary = f"sanad-{uuid.uuid4().hex}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in (upload.extra or {}).items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{upload.field}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode("utf-8", "surrogateescape")
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _send(client: Client, cast: Cast, upload: Upload, filename: str, content: bytes) -> HttpResponse:
    """Sent by the upload's user, who must be signed in already."""
    body, content_type = _multipart(upload, filename, content)
    url = reverse(upload.url_name, kwargs=upload.kwargs(cast))
    return client.post(url, body, content_type=content_type)  # type: ignore[return-value]


def _field_errors(response: HttpResponse, upload: Upload) -> list[str]:
    """The errors shown on the upload field, whichever form of the page holds it."""
    contexts = response.context or []  # type: ignore[attr-defined]
    if not isinstance(contexts, list):
        contexts = [contexts]
    return [
        str(error)
        for context in contexts
        for value in context.flatten().values()
        if isinstance(value, forms.BaseForm) and upload.field in value.fields
        for error in value.errors.get(upload.field, [])
    ]


def _page_text(response: HttpResponse) -> str:
    return response.content.decode()


def _files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


HOSTILE_NAMES = [
    "../../etc/passwd",
    "/etc/passwd",
    "..\\..\\windows\\win.ini",
    "../../../../../../tmp/sanad-planted.pdf",
    "report\x00.pdf",
    "%2e%2e%2f%2e%2e%2fplanted.pdf",
    "&#x2e;&#x2e;&#x2f;planted.pdf",
    "x" * 300 + ".pdf",
    "minutes.pdf\u202etxt.exe",
]


@pytest.mark.parametrize("upload", UPLOADS, ids=lambda upload: upload.url_name)
def test_hostile_file_names_are_never_used_as_paths(
    upload: Upload, cast: Cast, client: Client, settings: Any
) -> None:
    home = Path(settings.SANAD_HOME)
    watched = home.parent  # what a "../" from SANAD_HOME or its evidence folder would reach
    before = _files_under(watched)
    client.force_login(getattr(cast, upload.role))
    for name in HOSTILE_NAMES:
        response = _send(client, cast, upload, name, PDF)
        assert response.status_code < 500, f"{upload.url_name} {name!r}: {response.status_code}"
    created = _files_under(watched) - before
    assert all(path.parent == home / "evidence" for path in created), created
    assert all(len(path.name) == 48 and set(path.name) <= set("0123456789abcdef") for path in created)
    assert not Path("/tmp/sanad-planted.pdf").exists()  # noqa: S108 - the path a traversal would reach
    for stored in EvidenceFile.objects.values_list("original_name", flat=True):
        assert not any(part in stored for part in ("/", "\\", "..", "\x00", "\u202e")), stored
        assert len(stored) <= evidence.MAX_NAME_LENGTH


@pytest.mark.parametrize(
    "name",
    [
        "..\\..\\win.pdf",
        "a..b.pdf",
        ".hidden.pdf",
        "a\x00b.pdf",
        "x" * 300 + ".pdf",
        "a\u202etxt.pdf",
        "minutes.pdf.exe",
    ],
)
def test_the_evidence_check_itself_refuses_hostile_names(name: str) -> None:
    """Django strips the folders of an upload's name ("/"); the evidence check refuses the rest itself."""
    with pytest.raises(ValidationError) as refused:
        evidence.check_upload(SimpleUploadedFile(name, PDF))
    assert "file" in refused.value.message_dict


@pytest.mark.parametrize("upload", UPLOADS, ids=lambda upload: upload.url_name)
def test_an_oversized_file_is_refused_on_its_field_and_nothing_is_written(
    upload: Upload, cast: Cast, client: Client
) -> None:
    client.force_login(getattr(cast, upload.role))
    name = {"guides:list": "guide.yaml", "identification:offline_import": "export.json"}.get(
        upload.url_name, "big.csv"
    )
    content = (
        PDF + b"0" * upload.limit if upload.url_name == "plans:evidence_upload" else b"1" * (upload.limit + 1)
    )
    if upload.url_name == "plans:evidence_upload":
        name = "big.pdf"
    url = reverse(upload.url_name, kwargs=upload.kwargs(cast))
    with recorded_writes() as writes:
        response = client.post(url, {upload.field: SimpleUploadedFile(name, content), **(upload.extra or {})})
    assert response.status_code == 400, response.status_code
    errors = _field_errors(response, upload)
    assert any("larger than" in error for error in errors), (errors, upload.url_name)
    assert not writes.to_data


# --- Bombs: a few bytes that expand without end ------------------------------------------------------------

BOMB_EXPANDS_TO = 2 * 2**30


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A well-formed workbook whose shared strings expand to 2 GB (one cell of two billion letters): about
    2 MB on the wire, enough for openpyxl, which reads shared strings whole, to exhaust the memory."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relations}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{relations}"><sheets>'
            '<sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{relations}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            "</sheetData></worksheet>",
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as shared:
            shared.write(f'<sst xmlns="{main}" count="1" uniqueCount="1"><si><t>'.encode())
            chunk = b"A" * 2**20
            for _ in range(BOMB_EXPANDS_TO // len(chunk)):
                shared.write(chunk)
            shared.write(b"</t></si></sst>")
    return path.read_bytes()


def _peak_memory_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


@pytest.mark.parametrize("url_name", ["cases:import", "justice:import"])
def test_a_zip_bomb_workbook_is_refused_before_it_is_opened(
    url_name: str, zip_bomb: bytes, cast: Cast, client: Client
) -> None:
    upload = next(upload for upload in UPLOADS if upload.url_name == url_name)
    assert len(zip_bomb) < 5 * 2**20
    client.force_login(getattr(cast, upload.role))
    peak = _peak_memory_bytes()
    response = _send(client, cast, upload, "register.xlsx", zip_bomb)
    assert response.status_code == 400
    assert "expands to 2,048 MB when opened" in _page_text(response)
    # Opening it would have needed gigabytes; the peak of the whole test process barely moved.
    assert _peak_memory_bytes() - peak < 256 * 2**20


XML_BOMBS = {
    "billion laughs": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
    + b']><data id="sanad_screening"><case_reference>&j;</case_reference></data>',
    "external entity": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<data id="sanad_screening"><case_reference>&x;</case_reference></data>',
    "external document type": b'<?xml version="1.0"?><!DOCTYPE d SYSTEM "http://127.0.0.1:9/evil.dtd">'
    b'<data id="sanad_screening"/>',
}


@pytest.mark.parametrize("bomb", sorted(XML_BOMBS))
def test_an_xml_entity_bomb_or_external_entity_is_refused_with_a_message(
    bomb: str, cast: Cast, client: Client
) -> None:
    upload = next(upload for upload in UPLOADS if upload.url_name == "identification:offline_import")
    client.force_login(cast.caseworker)
    with recorded_writes() as writes:
        response = _send(client, cast, upload, "submission.xml", XML_BOMBS[bomb])
    assert response.status_code == 400
    assert _field_errors(response, upload), "no message on the file field"
    assert "root:" not in _page_text(response)  # nothing of /etc/passwd
    assert not writes.to_data


def test_json_nested_beyond_reason_is_refused_with_a_message(cast: Cast, client: Client) -> None:
    upload = next(upload for upload in UPLOADS if upload.url_name == "identification:offline_import")
    client.force_login(cast.caseworker)
    response = _send(client, cast, upload, "export.json", b"[" * 200_000 + b"]" * 200_000)
    assert response.status_code == 400
    assert any("not a readable KoboToolbox" in error for error in _field_errors(response, upload))


def _guide_with(extra: str) -> bytes:
    from sanad.identification.services import SHIPPED_GUIDE

    text = SHIPPED_GUIDE.read_text(encoding="utf-8").replace("version: 0.1-draft", "version: 9.9-bomb")
    return (text + "\n" + extra).encode()


YAML_BOMB = "\n".join(
    [
        "laughs:",
        '  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(
            f"  {chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]"
            for i in range(10)  # 9**11 strings once expanded
        ),
    ]
)


def test_a_yaml_alias_bomb_in_a_guide_is_refused(cast: Cast, client: Client) -> None:
    """A valid guide with a key no one reads: its aliases would expand when the guide is stored as JSON."""
    from sanad.identification.models import IdentificationGuide

    upload = next(upload for upload in UPLOADS if upload.url_name == "guides:list")
    guides = IdentificationGuide.objects.count()
    client.force_login(cast.admin)
    response = _send(client, cast, upload, "guide.yaml", _guide_with(YAML_BOMB))
    assert response.status_code == 400
    assert any("aliases" in error for error in _field_errors(response, upload))
    assert IdentificationGuide.objects.count() == guides


# --- Polyglots and content-type sniffing -------------------------------------------------------------------


def _zip_with(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
POLYGLOTS = {
    # A PDF header, an HTML page and a zip archive in one file: a PDF to the upload check.
    "minutes.pdf": (
        b"%PDF-1.4\n" + SCRIPT + b"\n%%EOF\n" + _zip_with("index.html", SCRIPT),
        "application/pdf",
    ),
    # A plain-text file that is an HTML page.
    "notes.txt": (SCRIPT, "text/plain"),
    "table.csv": (b"name\n" + SCRIPT, "text/csv"),
    # A zip with an HTML page, named as a workbook.
    "figures.xlsx": (
        _zip_with("index.html", SCRIPT),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@pytest.mark.parametrize("name", sorted(POLYGLOTS))
def test_a_polyglot_evidence_file_is_served_as_an_attachment_that_is_never_sniffed(
    name: str, cast: Cast, client: Client
) -> None:
    content, content_type = POLYGLOTS[name]
    upload = UPLOADS[0]
    client.force_login(cast.focal)
    response = _send(client, cast, upload, name, content)
    assert response.status_code == 302, _field_errors(response, upload)
    stored = EvidenceFile.objects.get(original_name=name)
    client.force_login(cast.coordinator)
    download = client.get(reverse("plans:evidence", args=[stored.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].split(";")[0] == content_type
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", SCRIPT),
        ("page.htm", SCRIPT),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("page.xhtml", SCRIPT),
        ("minutes.pdf", SCRIPT),  # HTML claiming to be a PDF
        ("photo.png", b"%PDF-1.4\n" + SCRIPT),  # a PDF claiming to be an image
        ("tool.exe", b"MZ\x90\x00"),
    ],
)
def test_evidence_of_a_dangerous_or_disguised_type_is_refused_on_the_field(
    name: str, content: bytes, cast: Cast, client: Client
) -> None:
    upload = UPLOADS[0]
    client.force_login(cast.focal)
    response = _send(client, cast, upload, name, content)
    assert response.status_code == 400
    assert _field_errors(response, upload)
    assert not EvidenceFile.objects.filter(original_name=name).exists()


def test_the_evidence_folder_is_not_under_a_served_root(settings: Any) -> None:
    folder = evidence.evidence_directory().resolve()
    for served in (settings.STATIC_ROOT, *settings.STATICFILES_DIRS):
        assert not folder.is_relative_to(Path(served).resolve())
    assert not getattr(settings, "MEDIA_ROOT", "") or not folder.is_relative_to(Path(settings.MEDIA_ROOT))
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
