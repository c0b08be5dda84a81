/** Opening exec channels and collecting how they ended (exit status, signal, or a dropped connection). */
import type { Client, ClientChannel, ExecOptions } from 'ssh2';

export function openExec(client: Client, command: string, options: ExecOptions): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, options, (err, channel) => (err ? reject(err) : resolve(channel)));
    } catch (e) {
      // ssh2 throws synchronously when the connection is already gone.
      reject(e);
    }
  });
}

export interface ChannelEnd {
  /** Undefined when the server sent neither an exit status nor a signal. */
  readonly code?: number;
  readonly signal?: string;
}

/** Resolves once the channel is closed, with what the server reported before closing it. */
export function channelEnd(channel: ClientChannel): Promise<ChannelEnd> {
  return new Promise((resolve) => {
    let end: ChannelEnd = {};
    channel.on('exit', (code: number | null, signal?: string) => {
      end = code !== null && code !== undefined ? { code } : { signal: signal ?? 'unknown' };
    });
    channel.on('close', () => resolve(end));
  });
}

/** Signal numbers the way Go's ssh package turns an exit-signal into a status (128 + n). */
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  ABRT: 6,
  ALRM: 14,
  FPE: 8,
  HUP: 1,
  ILL: 4,
  INT: 2,
  KILL: 9,
  PIPE: 13,
  QUIT: 3,
  SEGV: 11,
  TERM: 15,
  USR1: 10,
  USR2: 12,
};

export function signalStatus(signal: string): number {
  return 128 + (SIGNAL_NUMBERS[signal.replace(/^SIG/, '')] ?? 0);
}

/** Writes with back-pressure: waits for `drain` when the channel's window is full. */
export function writeChannel(channel: ClientChannel, data: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (channel.destroyed) return reject(new Error('channel closed'));
    const ok = channel.write(data, (err?: Error | null) => (err ? reject(err) : undefined));
    if (ok) return resolve();
    const onClose = (): void => reject(new Error('channel closed'));
    channel.once('close', onClose);
    channel.once('drain', () => {
      channel.off('close', onClose);
      resolve();
    });
  });
}
