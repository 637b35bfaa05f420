// The toolbar above the tree: expand/collapse actions, failure navigation, the text filter and the
// errors-only toggle. It owns the filter's controls; what the actions do is the caller's.

import { el } from './dom';

function iconOf(name: string): HTMLElement {
  const icon = el('span', `codicon codicon-${name}`);
  icon.setAttribute('aria-hidden', 'true');
  return icon;
}

export interface ToolbarActions {
  expandAll(): void;
  collapseAll(): void;
  expandToFailures(): void;
  previousFailure(): void;
  nextFailure(): void;
  /** The filter text or the errors-only toggle changed. */
  filterChanged(): void;
}

export interface FilterValue {
  text: string;
  errorsOnly: boolean;
}

/** The buttons that move among failures: shown only when the play has one. */
const FAILURE_ACTIONS = ['expandToFailures', 'previousFailure', 'nextFailure'];

export class Toolbar {
  readonly element = el('div', 'toolbar');
  private readonly filterInput = el('input', 'filter');
  private readonly errorsOnly: HTMLButtonElement;
  private readonly count = el('span', 'count muted');
  private readonly failureButtons: HTMLButtonElement[] = [];

  constructor(actions: ToolbarActions) {
    const bar = this.element;
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Trace actions');
    // Each button is an icon and a label; a narrow panel shows the icons only (styles.css), so the
    // label is also the button's tooltip and accessible name.
    const button = (label: string, icon: string, action: string, run: () => void) => {
      const b = el('button');
      b.append(iconOf(icon), el('span', 'label', label));
      b.title = label;
      b.setAttribute('aria-label', label);
      b.dataset.action = action;
      b.addEventListener('click', run);
      if (FAILURE_ACTIONS.includes(action)) {
        b.hidden = true;
        this.failureButtons.push(b);
      }
      return b;
    };
    bar.append(
      button('Expand all', 'expand-all', 'expandAll', () => actions.expandAll()),
      button('Collapse all', 'collapse-all', 'collapseAll', () => actions.collapseAll()),
      button('Expand to failures', 'target', 'expandToFailures', () => actions.expandToFailures()),
      button('Previous failure', 'arrow-up', 'previousFailure', () => actions.previousFailure()),
      button('Next failure', 'arrow-down', 'nextFailure', () => actions.nextFailure()),
    );
    this.filterInput.type = 'search';
    this.filterInput.placeholder = 'Filter spans';
    this.filterInput.setAttribute('aria-label', 'Filter spans by name');
    this.filterInput.addEventListener('input', () => actions.filterChanged());
    this.errorsOnly = button('Errors only', 'error', 'errorsOnly', () => {
      const on = this.errorsOnly.getAttribute('aria-pressed') !== 'true';
      this.errorsOnly.setAttribute('aria-pressed', String(on));
      actions.filterChanged();
    });
    this.errorsOnly.classList.add('toggle');
    this.errorsOnly.setAttribute('aria-pressed', 'false');
    bar.append(this.filterInput, this.errorsOnly, this.count);
  }

  /** Failure navigation appears once the play has a failed span, and goes when it has none. */
  showFailureActions(failures: number): void {
    for (const b of this.failureButtons) b.hidden = failures === 0;
  }

  get filter(): FilterValue {
    return { text: this.filterInput.value, errorsOnly: this.errorsOnly.getAttribute('aria-pressed') === 'true' };
  }

  /** Puts back a saved filter (no change event: the caller applies it). */
  set filter(value: FilterValue) {
    this.filterInput.value = value.text;
    this.errorsOnly.setAttribute('aria-pressed', String(value.errorsOnly));
  }

  /** "N shown" while a filter hides rows. */
  showCount(shown: number | null): void {
    this.count.textContent = shown === null ? '' : `${shown} shown`;
  }
}
