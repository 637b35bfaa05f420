// The toolbar above the tree: expand/collapse actions, failure navigation, the text filter and the
// errors-only toggle. It owns the filter's controls; what the actions do is the caller's.

import { el } from './dom';

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

export class Toolbar {
  readonly element = el('div', 'toolbar');
  private readonly filterInput = el('input', 'filter');
  private readonly errorsOnly = el('button', 'toggle', 'Errors only');
  private readonly count = el('span', 'count muted');

  constructor(actions: ToolbarActions) {
    const bar = this.element;
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Trace actions');
    const button = (label: string, action: string, run: () => void) => {
      const b = el('button', undefined, label);
      b.dataset.action = action;
      b.addEventListener('click', run);
      bar.append(b);
    };
    button('Expand all', 'expandAll', () => actions.expandAll());
    button('Collapse all', 'collapseAll', () => actions.collapseAll());
    button('Expand to failures', 'expandToFailures', () => actions.expandToFailures());
    button('◀ Previous failure', 'previousFailure', () => actions.previousFailure());
    button('Next failure ▶', 'nextFailure', () => actions.nextFailure());
    this.filterInput.type = 'search';
    this.filterInput.placeholder = 'Filter spans';
    this.filterInput.setAttribute('aria-label', 'Filter spans by name');
    this.filterInput.addEventListener('input', () => actions.filterChanged());
    this.errorsOnly.dataset.action = 'errorsOnly';
    this.errorsOnly.setAttribute('aria-pressed', 'false');
    this.errorsOnly.addEventListener('click', () => {
      const on = this.errorsOnly.getAttribute('aria-pressed') !== 'true';
      this.errorsOnly.setAttribute('aria-pressed', String(on));
      actions.filterChanged();
    });
    bar.append(this.filterInput, this.errorsOnly, this.count);
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
