// The input form drawn with QuickInput: an InputBox per text field (validating as the user types,
// with a Back button after the first step), a QuickPick for a bool. The steps' logic is
// inputForm.ts.

import * as vscode from 'vscode';
import type { BoolChoice } from './inputFields';
import type { FormUi, PickStep, StepAnswer, TextStep } from './inputForm';

function settle<T>(resolve: (answer: StepAnswer<T>) => void, input: vscode.QuickInput): (answer: StepAnswer<T>) => void {
  let settled = false;
  return (answer) => {
    if (settled) return;
    settled = true;
    resolve(answer);
    input.dispose();
  };
}

export const quickInputForm: FormUi = {
  text(step: TextStep): Promise<StepAnswer<string>> {
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      const done = settle(resolve, box);
      box.title = step.title;
      box.step = step.step;
      box.totalSteps = step.totalSteps;
      box.value = step.value;
      box.prompt = step.prompt;
      box.placeholder = step.field.name;
      box.ignoreFocusOut = true;
      box.buttons = step.canGoBack ? [vscode.QuickInputButtons.Back] : [];
      if (step.value !== '') box.validationMessage = step.validate(step.value);
      box.onDidChangeValue((text) => (box.validationMessage = step.validate(text)));
      box.onDidAccept(() => {
        const problem = step.validate(box.value);
        if (problem) box.validationMessage = problem;
        else done({ kind: 'value', value: box.value });
      });
      box.onDidTriggerButton((button) => button === vscode.QuickInputButtons.Back && done({ kind: 'back' }));
      box.onDidHide(() => done({ kind: 'cancel' }));
      box.show();
    });
  },

  pick(step: PickStep): Promise<StepAnswer<BoolChoice>> {
    return new Promise((resolve) => {
      type Item = vscode.QuickPickItem & { choice: BoolChoice };
      const pick = vscode.window.createQuickPick<Item>();
      const done = settle(resolve, pick);
      const items: Item[] = step.choices.map((choice) => ({ label: choice.label, description: choice.description, choice }));
      pick.title = step.title;
      pick.step = step.step;
      pick.totalSteps = step.totalSteps;
      pick.placeholder = step.prompt;
      pick.ignoreFocusOut = true;
      pick.items = items;
      pick.activeItems = items.filter((item) => item.choice.label === step.active.label);
      pick.buttons = step.canGoBack ? [vscode.QuickInputButtons.Back] : [];
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
        if (chosen) done({ kind: 'value', value: chosen.choice });
      });
      pick.onDidTriggerButton((button) => button === vscode.QuickInputButtons.Back && done({ kind: 'back' }));
      pick.onDidHide(() => done({ kind: 'cancel' }));
      pick.show();
    });
  },
};
