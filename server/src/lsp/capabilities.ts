// Everything the server can do, declared in one place. Each capability has one handler, registered
// in server.ts, implemented in a module of its own.

import { CodeActionKind, FileOperationPatternKind, TextDocumentSyncKind, WatchKind, type FileSystemWatcher, type FileOperationRegistrationOptions, type ServerCapabilities } from 'vscode-languageserver';

/** Python files and folders (a folder's rename or deletion moves the flows in it). */
const FILE_OPERATIONS: FileOperationRegistrationOptions = {
  filters: [
    { scheme: 'file', pattern: { glob: '**/*.py', matches: FileOperationPatternKind.file } },
    { scheme: 'file', pattern: { glob: '**/*', matches: FileOperationPatternKind.folder } },
  ],
};

export const COMPLETION_TRIGGERS = ['"', "'", '.', '(', ','];

export function serverCapabilities(): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    workspace: {
      workspaceFolders: { supported: true, changeNotifications: true },
      fileOperations: { didCreate: FILE_OPERATIONS, didDelete: FILE_OPERATIONS, didRename: FILE_OPERATIONS },
    },
  };
}

/** What the server watches itself when the client lets it register watchers dynamically. */
export const WATCHERS: FileSystemWatcher[] = [
  { globPattern: '**/*.py' }, // created, changed, deleted
  { globPattern: '**/*', kind: WatchKind.Delete }, // a deleted folder arrives as the folder alone
];
