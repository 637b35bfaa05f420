; `flow.step(...)`, `flow.invoke(...)` and `flow.pause(...)` calls: steps (a `with` item or a
; decorator), invoke sites and pauses. @flow and @module as in
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
  (#any-of? @method "step" "invoke" "pause")) @call
