// Whether to tell the user that flow files cannot import hero_tracing: once per workspace (whatever
// they answer), never again after "Don't Ask Again" (in any workspace), only in a trusted workspace
// (the check runs the interpreter) and only when the interpreter cannot import it. Pure.

export const PROMPT_KEYS = {
  /** workspaceState: this workspace was asked (or found the SDK importable). */
  askedHere: 'heroFlows.sdkPrompt.asked',
  /** globalState: "Don't Ask Again". */
  never: 'heroFlows.sdkPrompt.never',
} as const;

export const PROMPT_CHOICES = {
  install: 'Install SDK into Interpreter',
  analysis: 'Use Bundled SDK for Analysis',
  never: "Don't Ask Again",
} as const;

export interface PromptState {
  trusted: boolean;
  askedHere: boolean;
  never: boolean;
}

/** Should the interpreter be checked at all now (it is run to check)? */
export function shouldCheck(state: PromptState): boolean {
  return state.trusted && !state.askedHere && !state.never;
}

export function promptMessage(python: string): string {
  return (
    `Hero Flows: ${python} cannot import hero_tracing, so the editor marks "from hero_tracing import flow" unresolved ` +
    'and "python my_flow.py" fails (▶ runs still work: they bring their own copy). Install the SDK into this interpreter, ' +
    "or point the editor's analysis at the bundled copy?"
  );
}
