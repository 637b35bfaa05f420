; `flow.<attr>` uses, checked against the SDK's surface: `flow.step`, `f.invoke`, `flow.stpe`,
; `ht.flow.current_span`. @flow and @module as in decorators.scm; @attribute is the `<attr>`.

(attribute
  object: [
    (identifier) @flow
    (attribute
      object: (identifier) @module
      attribute: (identifier) @module.member) @flow
  ]
  attribute: (identifier) @attribute
  (#eq? @module.member "flow")) @use
