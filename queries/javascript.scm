; JavaScript / TypeScript / TSX nodes bindlint reads (the TypeScript grammars share these node
; names). Each pattern names one node kind and nothing more: tree-sitter analyses every field,
; nested node and predicate of a pattern against the whole grammar when it compiles the query,
; which made structural patterns most of the time of a one-file run (BENCHMARKS.md,
; "Start-up"). What each node must look like is checked in src/lang/javascript.rs, next to the
; code that decides what it means with the API table in src/catalog.rs.

; Calls and constructions that may start a server: `app.listen(...)`, `Bun.serve(...)`,
; `new Server(3000)`, `Hapi.server({...})`, `Deno.env.get(...)` env reads, and calls of what
; `require` returns, `require("socket.io")(3000)` (`callee_name`, `is_call_of_require`).
(call_expression) @call
(new_expression) @call

; The environment objects `process.env` and `Bun.env` (`is_env_object`). What reads them, a
; property (`process.env.PORT`), an index (`process.env["PORT"]`) or a destructuring
; (`const { PORT = 3000 } = process.env`), is decided from the node around them.
(member_expression) @member

; A module Bun serves itself: `export default { port, fetch }`.
(export_statement) @export

; Names imported under another name (`import { serve as start } from "@hono/node-server"`).
(import_specifier) @import
