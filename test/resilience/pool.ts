// Runs async tasks with at most `limit` in flight, in submission order.

export interface TaskPool {
  /** Queues the task and returns its result once it has run. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createPool(limit: number): TaskPool {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`pool limit must be an integer >= 1, got ${limit}`);
  const queue: Array<() => void> = [];
  let running = 0;

  const startNext = () => {
    if (running >= limit) return;
    const next = queue.shift();
    if (!next) return;
    running += 1;
    next();
  };

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          task()
            .then(resolve, reject)
            .finally(() => {
              running -= 1;
              startNext();
            });
        });
        startNext();
      });
    },
  };
}
