; JavaScript / TypeScript / TSX facts bindlint reads (the TypeScript grammars share these node
; names). Rust code (src/lang/javascript.rs) decides what each capture means, with the API table
; in src/catalog.rs; this file only says where to look.

; Calls and constructions that may start a server: `app.listen(...)`, `Bun.serve(...)`,
; `new Server(3000)`, `Hapi.server({...})`, and `Deno.env.get(...)` env reads.
(call_expression
  function: [
    (identifier) @call.name
    (member_expression property: (property_identifier) @call.name)
  ]) @call

(new_expression
  constructor: [
    (identifier) @call.name
    (member_expression property: (property_identifier) @call.name)
  ]) @call

; Calling what `require` returns: `require("socket.io")(3000)`.
(call_expression
  function: (call_expression
    function: (identifier) @_require (#eq? @_require "require"))) @call.required

; The environment objects `process.env` and `Bun.env`. What reads them, a property
; (`process.env.PORT`), an index (`process.env["PORT"]`) or a destructuring
; (`const { PORT = 3000 } = process.env`), is decided in Rust from the node around them: one
; pattern here instead of three keeps the query quick to compile, which a one-file run feels.
(member_expression
  object: (identifier) @_global (#any-of? @_global "process" "Bun")
  property: (property_identifier) @_env (#eq? @_env "env")) @env.object

; A module Bun serves itself: `export default { port, fetch }`.
(export_statement
  value: (object) @export.object)

; Names imported under another name (`import { serve as start } from "@hono/node-server"`).
(import_specifier alias: (identifier) @import.alias)
