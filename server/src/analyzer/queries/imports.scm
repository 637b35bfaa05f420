; Imports of the SDK, wherever they are (a try block, a function). Every match makes the file a
; flow file; the names a match binds are read in code (sdkImports.ts).

; `from hero_tracing import …`, whatever it imports.
(import_from_statement
  module_name: (dotted_name) @module
  (#eq? @module "hero_tracing"))

; `from hero_tracing import flow` binds `flow`.
(import_from_statement
  module_name: (dotted_name) @module
  name: (dotted_name) @flow.alias
  (#eq? @module "hero_tracing")
  (#eq? @flow.alias "flow"))

; `from hero_tracing import flow as f` binds `f`.
(import_from_statement
  module_name: (dotted_name) @module
  name: (aliased_import
    name: (dotted_name) @imported
    alias: (identifier) @flow.alias)
  (#eq? @module "hero_tracing")
  (#eq? @imported "flow"))

; `from hero_tracing import *` binds `flow`.
(import_from_statement
  module_name: (dotted_name) @module
  (wildcard_import) @flow.wildcard
  (#eq? @module "hero_tracing"))

; `import hero_tracing` binds the module as `hero_tracing`.
(import_statement
  name: (dotted_name) @module.alias
  (#eq? @module.alias "hero_tracing"))

; `import hero_tracing as ht` binds the module as `ht`.
(import_statement
  name: (aliased_import
    name: (dotted_name) @module
    alias: (identifier) @module.alias)
  (#eq? @module "hero_tracing"))
