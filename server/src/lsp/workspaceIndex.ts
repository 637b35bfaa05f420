// Filling and re-filling the flow library from the workspace folders: the background scan at
// start-up (announced with heroFlows/indexReady), a scan of each folder added later, forgetting a
// removed folder, and a re-scan when the user's exclude globs change.

import { sep } from 'node:path';
import type { Connection, WorkspaceFoldersChangeEvent } from 'vscode-languageserver';
import { IndexReadyNotification, type IndexReadyParams } from '../../../common/src/lspMessages';
import { MAX_WORKSPACE_FILES_SETTING } from '../../../common/src/workspaceLimits';
import { excludeFilter, type PathFilter } from '../workspace/excludeGlobs';
import { WorkspaceScan, type FactsCacheOptions, type ScanResult } from '../workspace/indexer';
import { inSkippedFolder } from '../workspace/skippedPaths';
import { uriToPath } from '../workspace/uris';
import type { ServerContext } from './context';
import type { DiagnosticsPublisher } from './diagnostics';
import { fetchSettings, type ServerSettings } from './settings';
import type { FlowsChangedNotifier } from './workspaceFlows';

export class WorkspaceIndex {
  private settings: ServerSettings;
  private filter: PathFilter = () => false;
  private readonly scans = new Set<WorkspaceScan>();
  /** Folders whose last scan stopped at the cap. */
  private readonly cappedFolders = new Set<string>();
  /** The start-up scan has finished (set before indexReady goes out). */
  firstScanDone = false;

  constructor(
    private readonly connection: Connection,
    private readonly ctx: ServerContext,
    private readonly diagnostics: DiagnosticsPublisher,
    /** From initializationOptions; the client's `heroFlows` configuration is added each time it is read. */
    private readonly initialSettings: ServerSettings,
    private readonly canAskConfiguration: boolean,
    private readonly flowsChanged?: FlowsChangedNotifier,
    /** The facts cache, when the client gave it a directory. */
    private readonly factsCache?: FactsCacheOptions,
    /** The parse worker's script (undefined: scans parse on the main thread). */
    private readonly parseWorker?: string,
  ) {
    this.settings = initialSettings;
    this.updateFilter();
  }

  /** Excluded by the user's globs (the scan skips vendored folders on its own). */
  isExcluded(path: string): boolean {
    return this.filter(path);
  }

  /** Whether a file belongs in the library when it is not open: in a folder, not excluded, not vendored. */
  indexable(path: string): boolean {
    const inFolder = this.ctx.folders.some((folder) => path.startsWith(folder.endsWith(sep) ? folder : folder + sep));
    return inFolder && !this.isExcluded(path) && !inSkippedFolder(path, this.ctx.folders);
  }

  /** Reads the settings, then scans every workspace folder. */
  async start(): Promise<ScanResult> {
    this.settings = await fetchSettings(this.connection, this.canAskConfiguration, this.initialSettings);
    this.updateFilter();
    return this.scan(this.ctx.folders, true);
  }

  cancel(): void {
    for (const scan of this.scans) scan.cancel();
  }

  foldersChanged(event: WorkspaceFoldersChangeEvent): void {
    const { folders, workspace } = this.ctx;
    const affected = new Set<string>();
    for (const folder of event.removed.map((f) => uriToPath(f.uri))) {
      this.cappedFolders.delete(folder);
      const index = folders.indexOf(folder);
      if (index !== -1) folders.splice(index, 1);
      for (const path of workspace.removeFolder(folder)) affected.add(path);
    }
    const added = event.added.map((f) => uriToPath(f.uri)).filter((path) => !folders.includes(path));
    folders.push(...added);
    this.updateFilter();
    this.diagnostics.schedule(affected);
    if (added.length) void this.scan(added);
  }

  /** `workspace/didChangeConfiguration`: a change of the exclude globs or of the cap drops and re-scans. */
  async settingsChanged(): Promise<void> {
    const before = JSON.stringify([this.settings.exclude, this.settings.maxWorkspaceFiles]);
    this.settings = await fetchSettings(this.connection, this.canAskConfiguration, this.initialSettings);
    if (JSON.stringify([this.settings.exclude, this.settings.maxWorkspaceFiles]) === before) return;
    this.updateFilter();
    const affected = new Set<string>();
    for (const path of this.ctx.workspace.libraryPaths()) {
      if (this.isExcluded(path)) for (const p of this.ctx.workspace.remove(path)) affected.add(p);
    }
    this.diagnostics.schedule(affected);
    this.cancel();
    void this.scan(this.ctx.folders);
  }

  /** Scans folders in the background, publishes what changed, and announces the end. */
  private async scan(folders: string[], first = false): Promise<ScanResult> {
    const { maxWorkspaceFiles: maxFiles } = this.settings;
    const scan = new WorkspaceScan(this.ctx.workspace, {
      folders: [...folders],
      isExcluded: (p) => this.isExcluded(p),
      maxFiles,
      cache: this.factsCache,
      parseWorker: this.parseWorker,
      log: this.ctx.log,
    });
    this.scans.add(scan);
    try {
      const result = await scan.done;
      this.diagnostics.schedule(result.affected);
      if (!result.cancelled) this.noteCap(folders, result);
      await this.diagnostics.flush(); // diagnostics first: after indexReady, a client may rely on them
      await this.flowsChanged?.flush(); // and the flows the scan found, for the client's test tree
      const { affected: _affected, ...counts } = result;
      // Every folder cut short so far, not only this scan's: the client shows the library's state.
      const cappedFolders = [...this.cappedFolders];
      const ready: IndexReadyParams = { ...counts, capped: cappedFolders.length > 0, cappedFolders };
      if (first) this.firstScanDone = true;
      await this.connection.sendNotification(IndexReadyNotification.method, ready).catch(() => undefined);
      return result;
    } catch (error) {
      this.ctx.log(`workspace scan failed: ${(error as Error)?.stack ?? String(error)}`);
      if (first) this.firstScanDone = true;
      return { folders, files: 0, parsed: 0, fromCache: 0, flows: 0, durationMs: 0, capped: false, cappedFolders: [], maxFiles, cancelled: true, affected: new Set() };
    } finally {
      this.scans.delete(scan);
    }
  }

  /**
   * Tells the library which folders were read only up to the cap (an unknown invoke target there
   * is said to be possibly further on, not asserted), and logs it with the setting that raises it.
   */
  private noteCap(scanned: string[], result: ScanResult): void {
    for (const folder of scanned) this.cappedFolders.delete(folder);
    for (const folder of result.cappedFolders) {
      this.cappedFolders.add(folder);
      this.ctx.log(
        `the flow library holds only the first ${result.maxFiles} Python files of ${folder}, which has more: raise ${MAX_WORKSPACE_FILES_SETTING} to include the rest`,
      );
    }
    this.diagnostics.schedule(this.ctx.library.setCapped([...this.cappedFolders], result.maxFiles));
  }

  private updateFilter(): void {
    this.filter = excludeFilter(this.ctx.folders, this.settings.exclude);
  }
}
