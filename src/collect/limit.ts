// A concurrency bound for Resource Manager reads, on p-limit (a well-kept limiter: a slot freed for a
// waiting task is handed to that task, never taken by a newcomer).
import pLimit, { type LimitFunction } from 'p-limit';

/** Runs at most `size` tasks at once; the rest wait their turn in order. */
export class Limiter {
  private readonly limit: LimitFunction;

  constructor(size: number) {
    this.limit = pLimit(size);
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.limit(task);
  }
}
