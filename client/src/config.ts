// The settings as the extension reads them: settings.ts's reader over workspace.getConfiguration,
// and where the play store those settings point to is (the plays service opens it).

import * as vscode from 'vscode';
import { readSettings, SETTINGS_SECTION, type Settings } from './settings';
import { storeDirectory } from './plays/storeLocation';

export function currentSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return readSettings((key) => config.get(key));
}

export function firstFolderPath(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((folder) => folder.uri.scheme === 'file')?.uri.fsPath;
}

export function currentStoreDir(context: vscode.ExtensionContext): string {
  return storeDirectory(currentSettings().playsStore, firstFolderPath(), context.globalStorageUri.fsPath);
}

/** Fires when any `heroFlows.*` setting changes. */
export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SETTINGS_SECTION)) listener();
  });
}
