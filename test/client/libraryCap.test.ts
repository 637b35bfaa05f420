// A scan cut short at the file cap is shown (status bar, log) with the setting that raises it, and
// the setting is the cap the server, the CLI and the SDK share.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MAX_WORKSPACE_FILES, MAX_WORKSPACE_FILES_SETTING } from '../../common/src/workspaceLimits';
import { libraryCapNotice } from '../../client/src/server/libraryCap';
import { readSettings, SETTINGS, settingId } from '../../client/src/settings';

test('a capped scan is said in the status bar and the log, naming the setting; a whole one says nothing', () => {
  const notice = libraryCapNotice({ capped: true, cappedFolders: ['/w/big'], maxFiles: 200 });
  assert.ok(notice);
  assert.match(notice.tooltip, /first 200 Python files of \/w\/big.*Raise heroFlows\.maxWorkspaceFiles/);
  assert.match(notice.log, /first 200 Python files of \/w\/big.*raise heroFlows\.maxWorkspaceFiles/);
  assert.equal(libraryCapNotice({ capped: false, cappedFolders: [], maxFiles: 200 }), undefined);
  assert.equal(libraryCapNotice({ capped: true, cappedFolders: null as unknown as string[], maxFiles: 200 }), undefined, 'a malformed message is ignored');
});

test('heroFlows.maxWorkspaceFiles is the shared cap: none by default (null), a bad value falls back to none', () => {
  assert.equal(settingId('maxWorkspaceFiles'), MAX_WORKSPACE_FILES_SETTING);
  assert.equal(SETTINGS.maxWorkspaceFiles.default, null);
  const read = (value: unknown) => readSettings((key) => (key === 'maxWorkspaceFiles' ? value : undefined)).maxWorkspaceFiles;
  assert.equal(read(null), DEFAULT_MAX_WORKSPACE_FILES);
  assert.equal(read(250_000), 250_000);
  assert.equal(read(0), DEFAULT_MAX_WORKSPACE_FILES);
  assert.equal(read('many'), DEFAULT_MAX_WORKSPACE_FILES);
});
