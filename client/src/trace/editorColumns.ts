// Which editor group a trace panel or a span's source goes to: the panel beside the code, the code
// beside the panel, and never a third group while two are open. Pure, on plain facts about the open
// groups (editorGroups.ts reads them from the workbench), unit-tested in test/client/editorColumns.test.ts.

/** One editor group as the decisions see it; `column` is its ViewColumn (1-based, layout order). */
export interface GroupFacts {
  column: number;
  /** What its visible tab is. */
  active: 'text' | 'trace' | 'other' | 'none';
  /** It has a trace panel among its tabs (visible or not). */
  hasTrace: boolean;
  /** The file in question is its visible tab. */
  showsFile: boolean;
  /** The file in question is among its tabs. */
  hasFile: boolean;
}

/** The nearest of `groups` to `column`: one to the `prefer` side wins a tie. */
function nearest(groups: readonly GroupFacts[], column: number, prefer: 'left' | 'right'): GroupFacts | undefined {
  const side = (group: GroupFacts) => (group.column < column) === (prefer === 'left') ? 0 : 1;
  return [...groups].sort((a, b) => Math.abs(a.column - column) - Math.abs(b.column - column) || side(a) - side(b))[0];
}

/**
 * The group a trace panel opens in beside the code (a run's, or one opened from a flow's test item).
 * `code`: the group of the flow's file (else the active group). A group other than the code's that
 * holds a trace panel already, else the nearest other group (rightwards first), else a new group
 * right of the code. (The run panel, once open, stays in whatever group it is in.)
 */
export function besideCodeColumn(code: number, groups: readonly GroupFacts[]): number {
  const others = groups.filter((group) => group.column !== code);
  const withTrace = others.filter((group) => group.hasTrace);
  return (nearest(withTrace, code, 'right') ?? nearest(others, code, 'right'))?.column ?? code + 1;
}

/**
 * The group a span's source opens in, beside the panel (in `panel`), `groups` facts about that file.
 * A group showing the file, else one with it among its tabs, else the nearest code group (leftwards
 * first: the panel is opened right of the code), else the nearest other group; a new group right of
 * the panel only when the panel is alone. Never the panel's own group: the source would hide it.
 */
export function sourceColumn(panel: number, groups: readonly GroupFacts[]): number {
  const others = groups.filter((group) => group.column !== panel);
  const pick =
    nearest(others.filter((group) => group.showsFile), panel, 'left') ??
    nearest(others.filter((group) => group.hasFile), panel, 'left') ??
    nearest(others.filter((group) => group.active === 'text'), panel, 'left') ??
    nearest(others, panel, 'left');
  return pick?.column ?? panel + 1;
}
