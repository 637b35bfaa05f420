// What a flow name must be. The analyzer reports an empty one (`flow-name-missing`) and
// **Hero Flows: New Flow…** refuses one, both by this rule. No Node, `vscode` or DOM dependency.

/** A flow name is any text but a blank one: invoke and the flow library refer to flows by it. */
export function isBlankFlowName(name: string): boolean {
  return name.trim() === '';
}
