; `flow.step(...)` and `flow.invoke(...)` calls: steps and invoke sites. @flow and @module as in
; decorators.scm. A step's block, the `with` statement holding the call, is found from the call in
; code (sdkCalls.ts): a step need not be in a `with`.

(call
  function: (attribute
    object: [
      (identifier) @flow
      (attribute
        object: (identifier) @module
        attribute: (identifier) @module.member) @flow
    ]
    attribute: (identifier) @method)
  (#eq? @module.member "flow")
  (#any-of? @method "step" "invoke")) @call
