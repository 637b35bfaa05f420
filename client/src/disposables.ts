// The one place everything the extension creates is disposed from: activation adds each part as it
// is built, deactivation (or a failed activation) disposes them newest first. No `vscode` import.

export interface Disposable {
  dispose(): unknown;
}

export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  /** Adds a disposable and returns it; added after disposal, it is disposed at once. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  /** A plain function as a disposable. */
  addCallback(dispose: () => unknown): void {
    this.add({ dispose });
  }

  /** Disposes everything, newest first; one failure does not keep the others alive. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, `${errors.length} disposables failed`);
  }
}
