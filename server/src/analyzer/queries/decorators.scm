; `@flow(...)` decorators and bare `@flow`. What stands for the SDK's `flow` is captured as @flow:
; an identifier (`flow`, `f`), or the module's member (`hero_tracing.flow`, `ht.flow`, its module
; captured as @module). Which names are aliases differs per file, so code checks them (references.ts).

; `@flow` and `@ht.flow`
(decorator
  [
    (identifier) @flow
    (attribute
      object: (identifier) @module
      attribute: (identifier) @module.member) @flow
  ]
  (#eq? @module.member "flow")) @decorator

; `@flow("Name", inputs=…)` and `@ht.flow("Name", …)`
(decorator
  (call
    function: [
      (identifier) @flow
      (attribute
        object: (identifier) @module
        attribute: (identifier) @module.member) @flow
    ])
  (#eq? @module.member "flow")) @decorator
