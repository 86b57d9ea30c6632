// VS Code's pattern: every subscription, timer and child process hands back something to dispose,
// and the composition root disposes them all on quit. Nothing is left running by accident.
export interface Disposable {
  dispose(): void;
}

export const toDisposable = (fn: () => void): Disposable => {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      fn();
    },
  };
};

export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Last in, first out: what was built on top goes first.
    for (const item of this.items.splice(0).reverse()) item.dispose();
  }
}
