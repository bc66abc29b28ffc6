; Python facts bindlint reads. Rust code (src/lang/python.rs) decides what each capture means,
; with the API table in src/catalog.rs; this file only says where to look.

; Calls that may start a server or read the environment: `app.run(...)`, `uvicorn.run(...)`,
; `HTTPServer(...)`, `os.environ.get(...)`, `sock.listen()`.
(call
  function: [
    (identifier) @call.name
    (attribute attribute: (identifier) @call.name)
  ]
  arguments: (argument_list)) @call

; Subscript reads: `os.environ["PORT"]`.
(subscript
  value: (_)
  subscript: (string)) @subscript

; Address settings: hypercorn's `config.bind = ["127.0.0.1:8000"]` and, at the top level of a
; gunicorn config file, `bind = "0.0.0.0:8000"`. Rust tells them apart by the left side (one
; pattern instead of two keeps the query quick to compile).
(assignment
  left: [
    (attribute attribute: (identifier) @_bind)
    (identifier) @_bind
  ]
  (#eq? @_bind "bind")
  right: (_) @setting.value) @setting

; Names imported under another name (`from uvicorn import run as serve`): a call through
; such a name may start a server whatever the alias says.
(import_from_statement
  name: (aliased_import alias: (identifier) @import.alias))
