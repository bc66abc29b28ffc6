; Python nodes bindlint reads. Each pattern names one node kind and nothing more: tree-sitter
; analyses every field and nested node of a pattern against the whole grammar when it compiles
; the query, which made structural patterns most of the time of a one-file run (BENCHMARKS.md,
; "Start-up"). What each node must look like is checked in src/lang/python.rs, next to the code
; that decides what it means with the API table in src/catalog.rs.

; Calls that may start a server or read the environment: `app.run(...)`, `uvicorn.run(...)`,
; `HTTPServer(...)`, `os.environ.get(...)`, `sock.listen()` (`call_name`).
(call) @call

; Subscript reads: `os.environ["PORT"]` (`has_string_subscript`).
(subscript) @subscript

; Address settings: hypercorn's `config.bind = ["127.0.0.1:8000"]` and, at the top level of a
; gunicorn config file, `bind = "0.0.0.0:8000"` (`bind_setting`).
(assignment) @setting

; Names imported under another name (`from uvicorn import run as serve`): a call through such
; a name may start a server whatever the alias says (`from_import_alias`).
(aliased_import) @import
