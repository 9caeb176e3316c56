/**
 * Placeholder replaced below in this session.
 */
import { StreamExecution } from './StreamExecution.js';

/** Continuous processing engine. */
export class ContinuousExecution extends StreamExecution {
  get isWaitingForTrigger(): boolean {
    return false;
  }

  protected async runActivatedStream(): Promise<void> {}

  protected wakeUp(): void {}

  async processAllAvailable(): Promise<void> {}
}
