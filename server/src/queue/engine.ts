/**
 * The queue only says "channel X has pending messages: look". The database stays the source
 * of truth, so a lost or doubled wake-up costs a little time, never a message.
 */
/** Drains a channel; `retryInMs` asks to be woken again when its messages are not due yet. */
export type ProcessChannel = (channelId: number) => Promise<{ retryInMs?: number }>;

export interface QueueEngine {
  readonly name: 'embedded' | 'bullmq';
  /**
   * Starts delivering wake-ups to `process`, including work left over from before a restart.
   * Without one (a web instance), only sends wake-ups to the instances that answer.
   */
  start(process: ProcessChannel | null): Promise<void>;
  /** Wakes the worker for one channel. Cheap and idempotent. */
  enqueue(channelId: number): Promise<void>;
  /** Stops taking work and waits for the turns in progress to finish. */
  stop(): Promise<void>;
}

/** Channels that have work due now: used at start and by the periodic sweep. */
export type FindChannelsWithWork = () => Promise<number[]>;
