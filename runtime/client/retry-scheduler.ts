/**
 * Calls waiting `retryDelay` before their next try. With no delay, the next try still waits for the
 * current turn to end, so a failure never re-enters the code that reported it.
 */
import { Ring } from "../util/ring.js";
import { TimerQueue } from "../util/timer-queue.js";
import { CallState, type Call } from "./call.js";

export class RetryScheduler {
  private readonly delayed: TimerQueue<Call>;
  private readonly immediate = new Ring<Call>();
  private scheduled = false;
  private readonly runImmediate = (): void => {
    this.scheduled = false;
    this.immediate.drain(this.due);
  };

  constructor(
    private readonly delay: number,
    /** Called when a call's wait is over (it may have settled meanwhile: check its state). */
    private readonly due: (call: Call) => void,
  ) {
    this.delayed = new TimerQueue<Call>(due, (call) => call.state === CallState.WaitingToRetry);
  }

  schedule(call: Call): void {
    call.state = CallState.WaitingToRetry;
    if (this.delay > 0) {
      this.delayed.add(call, this.delay, this.delayed.now());
      return;
    }
    this.immediate.push(call);
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(this.runImmediate);
    }
  }

  clear(): void {
    this.delayed.clear();
  }
}
