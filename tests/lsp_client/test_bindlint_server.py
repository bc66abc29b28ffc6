"""`bindlint server` driven by a real LSP client: pytest-lsp (pygls' client), with the
capabilities VS Code and Neovim send, over the binary's stdin and stdout.

Run by `.ci/run`: `BINDLINT=target/debug/bindlint pytest tests/lsp_client`.
"""

from __future__ import annotations

import os
import pathlib

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

BINDLINT = os.environ.get(
    "BINDLINT",
    str(pathlib.Path(__file__).resolve().parents[2] / "target" / "debug" / "bindlint"),
)

FLASK = 'from flask import Flask\n\napp = Flask(__name__)\napp.run(host="127.0.0.1")\n'


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[BINDLINT, "server", "--log-level", "debug"]
    ),
    params=["visual-studio-code", "neovim"],
)
async def client(request, lsp_client: LanguageClient):
    # VS Code's capabilities allow dynamic registration: bindlint asks to watch its config
    # files. pytest-lsp's client does not implement the request; an editor would accept it.
    registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams):
        registrations.extend(params.registrations)

    lsp_client.registrations = registrations
    root = pathlib.Path(request.getfixturevalue("tmp_path"))
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    lsp_client.root = root
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="demo")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Applies LSP text edits (ASCII text: UTF-16 units are characters)."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        return sum(len(line) for line in lines[: position.line]) + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


async def diagnostics_after(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


def codes(diagnostics: list[types.Diagnostic]):
    return [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.character)
        for d in diagnostics
    ]


async def test_diagnostics_and_a_quick_fix(client: LanguageClient):
    uri = (client.root / "app.py").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=1, text=FLASK
            )
        )
    )
    found = await diagnostics_after(client, uri)
    assert codes(found) == [("BL202", 3, 0, 7), ("BL101", 3, 13, 24)]
    assert found[1].source == "bindlint"
    assert found[1].severity == types.DiagnosticSeverity.Error
    assert "help: listen on all interfaces" in found[1].message

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=[found[0]]),
        )
    )
    preferred = [a for a in actions if a.is_preferred]
    assert [a.title for a in preferred] == ["Pass the platform's `PORT` (BL202)"]
    fixed = apply(FLASK, preferred[0].edit.changes[uri])
    assert fixed.startswith("import os\n")
    assert 'port=int(os.environ.get("PORT", "5000"))' in fixed

    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    assert codes(await diagnostics_after(client, uri)) == [("BL101", 4, 13, 24)]

    workspace = client.capabilities.workspace
    watched = workspace and workspace.did_change_watched_files
    if watched and watched.dynamic_registration:
        [watchers] = client.registrations
        assert watchers.method == "workspace/didChangeWatchedFiles"

    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=4, character=16),
        )
    )
    assert hover.contents.value.startswith("# BL101 (loopback-host)")


async def test_fix_all_on_a_procfile(client: LanguageClient):
    uri = (client.root / "Procfile").as_uri()
    text = "web: uvicorn main:app\n"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="procfile", version=1, text=text
            )
        )
    )
    assert codes(await diagnostics_after(client, uri)) == [
        ("BL301", 0, 5, 12),
        ("BL302", 0, 5, 12),
    ]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
            context=types.CodeActionContext(
                diagnostics=[], only=[types.CodeActionKind.SourceFixAll]
            ),
        )
    )
    # Both fixes are unsafe and unsafe-fixes is not configured: nothing to fix all.
    assert not actions
