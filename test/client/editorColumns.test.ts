// Where a run's trace panel and a span's source go, on plain facts about the open editor groups:
// the panel beside the code without a third group, the source in one group beside the panel, click
// after click.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { besideCodeColumn, sourceColumn, type GroupFacts } from '../../client/src/trace/editorColumns';

function group(column: number, facts: Partial<GroupFacts> = {}): GroupFacts {
  return { column, active: 'text', hasTrace: false, showsFile: false, hasFile: false, ...facts };
}

test('a run panel: a new group right of the code when the code is alone; else the neighbour group, rightwards first', () => {
  assert.equal(besideCodeColumn(1, [group(1)]), 2);
  assert.equal(besideCodeColumn(1, [group(1), group(2)]), 2);
  assert.equal(besideCodeColumn(2, [group(1), group(2)]), 1, 'code on the right: the left group, not a third');
  assert.equal(besideCodeColumn(2, [group(1), group(2), group(3)]), 3);
  assert.equal(besideCodeColumn(3, [group(1), group(2), group(3)]), 2);
});

test('a trace panel joins the trace panels already open beside the code, never over the code', () => {
  assert.equal(besideCodeColumn(2, [group(1), group(2), group(3, { hasTrace: true, active: 'trace' })]), 3);
  assert.equal(besideCodeColumn(1, [group(1), group(2), group(3, { hasTrace: true })]), 3, 'the group with traces, though farther');
  assert.equal(besideCodeColumn(1, [group(1, { hasTrace: true }), group(2)]), 2, 'never over the code, even where traces are');
});

test('a span source: beside the panel in a new group only when the panel is alone', () => {
  assert.equal(sourceColumn(1, [group(1, { active: 'trace', hasTrace: true })]), 2);
  assert.equal(sourceColumn(2, [group(2, { active: 'trace', hasTrace: true })]), 3);
});

test('a span source: the group showing the file, else the one with its tab, else the code group nearest the panel (leftwards first)', () => {
  const panel = group(2, { active: 'trace', hasTrace: true });
  assert.equal(sourceColumn(2, [group(1), panel]), 1, 'the code the panel was opened beside');
  assert.equal(sourceColumn(2, [group(1), panel, group(3, { showsFile: true, hasFile: true })]), 3, 'the file\'s visible editor, wherever it is');
  assert.equal(sourceColumn(2, [group(1), panel, group(3, { hasFile: true })]), 3);
  assert.equal(sourceColumn(2, [group(1, { showsFile: true, hasFile: true }), panel, group(3, { hasFile: true })]), 1);
  assert.equal(sourceColumn(2, [group(1), panel, group(3)]), 1, 'a tie: the left, where the code was');
  assert.equal(sourceColumn(1, [group(1, { active: 'trace' }), group(2, { active: 'trace' }), group(3)]), 3, 'code over another trace panel');
  assert.equal(sourceColumn(2, [group(1, { active: 'other' }), panel, group(3)]), 3, 'a group showing code over one showing something else');
  assert.equal(sourceColumn(2, [group(1, { active: 'none' }), panel]), 1, 'an empty group is re-used, not a third one made');
});

test('a span source: three clicks in a row land in one group, so two groups stay two', () => {
  // The workbench after each click: the file is shown where the last click put it.
  let groups = [group(1, { active: 'other' }), group(2, { active: 'trace', hasTrace: true })];
  const chosen: number[] = [];
  for (let click = 0; click < 3; click++) {
    const column = sourceColumn(2, groups);
    chosen.push(column);
    groups = groups.some((g) => g.column === column)
      ? groups.map((g) => (g.column === column ? { ...g, active: 'text' as const, showsFile: true, hasFile: true } : g))
      : [...groups, group(column, { showsFile: true, hasFile: true })];
  }
  assert.deepEqual(chosen, [1, 1, 1]);
  assert.equal(groups.length, 2);
});
