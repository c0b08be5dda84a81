/**
 * The SSH communicator over an established `ssh2` connection: one exec channel per command with streamed
 * output and Packer's exit-status rules, files over scp (default) or sftp.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Client, ClientChannel, PseudoTtyOptions } from 'ssh2';
import { EXIT_DISCONNECTED, type CommandOutput, type Communicator } from '../../communicator.js';
import { abortError } from '../../runner.js';
import { channelEnd, openExec, signalStatus } from './channel.js';
import type { FileTransferMethod } from './config.js';
import { scpDownload, scpDownloadDir, scpUpload, scpUploadDir } from './scp.js';
import { sftpDownload, sftpDownloadDir, sftpUpload, sftpUploadDir } from './sftp.js';

/** One established SSH connection (possibly tunnelled through a bastion). */
export interface SshConnection {
  readonly client: Client;
  /** Ends the connection and a bastion connection under it. */
  close(): void;
}

export interface SshCommunicatorOptions {
  readonly pty: boolean;
  readonly fileTransferMethod: FileTransferMethod;
  /**
   * One fresh connection attempt. Like the SDK's communicator, a connection found dead (the machine
   * rebooted, a script with `expect_disconnect` ended it) is replaced before the next command or transfer.
   */
  readonly reconnect?: (signal: AbortSignal) => Promise<SshConnection>;
}

/** What Packer requests with `ssh_pty`: an xterm of 40×80 without echo. */
const PTY: PseudoTtyOptions = { term: 'xterm', rows: 40, cols: 80, modes: { ECHO: 0, TTY_OP_ISPEED: 14400, TTY_OP_OSPEED: 14400 } };

export class SshCommunicator implements Communicator {
  private connection: SshConnection;
  private alive = true;
  private closed = false;
  private reconnecting: Promise<Client> | undefined;

  constructor(
    connection: SshConnection,
    private readonly opts: SshCommunicatorOptions,
  ) {
    this.connection = this.watch(connection);
  }

  async start(command: string, output: CommandOutput, signal: AbortSignal): Promise<number> {
    if (signal.aborted) throw abortError();
    let channel: ClientChannel;
    try {
      const client = await this.client(signal);
      channel = await openExec(client, command, this.opts.pty ? { pty: PTY } : {});
    } catch (e) {
      if (signal.aborted) throw abortError();
      throw new Error(`Error starting remote command over SSH: ${(e as Error).message}`);
    }
    const ended = channelEnd(channel);
    const drained = Promise.all([pipe(channel, output.stdout), pipe(channel.stderr, output.stderr)]);
    // Commands get no input; an open stdin would keep programs that read it waiting forever.
    channel.end();
    let onAbort = (): void => undefined;
    // OpenSSH kills the command's process group on a signal request, except for root logins (no privilege
    // separation there); closing the channel covers that: a PTY session hangs up, a plain one dies of
    // SIGPIPE at its next write. The build does not wait for either.
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        try {
          channel.signal('KILL');
          channel.close();
        } catch {
          // Already closed.
        }
        reject(abortError());
      };
    });
    aborted.catch(() => undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const end = await Promise.race([ended, aborted]);
      await Promise.race([drained, aborted]);
      if (end.code !== undefined) return end.code;
      if (end.signal !== undefined) return signalStatus(end.signal);
      return EXIT_DISCONNECTED;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async upload(dst: string, content: Buffer, mode: number, signal: AbortSignal): Promise<void> {
    const client = await this.client(signal);
    return this.sftp ? sftpUpload(client, dst, content, mode, signal) : scpUpload(client, dst, content, mode, signal);
  }

  async uploadDir(dst: string, src: string, signal: AbortSignal): Promise<void> {
    const client = await this.client(signal);
    return this.sftp ? sftpUploadDir(client, dst, src, signal) : scpUploadDir(client, dst, src, signal);
  }

  async download(src: string, signal: AbortSignal): Promise<Buffer> {
    const client = await this.client(signal);
    return this.sftp ? sftpDownload(client, src, signal) : scpDownload(client, src, signal);
  }

  async downloadDir(src: string, dst: string, signal: AbortSignal): Promise<void> {
    const client = await this.client(signal);
    return this.sftp ? sftpDownloadDir(client, src, dst, signal) : scpDownloadDir(client, src, dst, signal);
  }

  /** Ends the connection for good; commands and transfers still running fail. */
  close(): void {
    this.closed = true;
    this.alive = false;
    this.connection.close();
  }

  private get sftp(): boolean {
    return this.opts.fileTransferMethod === 'sftp';
  }

  /** The live client, reconnecting first when the connection has dropped. */
  private async client(signal: AbortSignal): Promise<Client> {
    if (this.alive) return this.connection.client;
    if (this.closed || !this.opts.reconnect) throw new Error('the SSH connection is closed');
    // Callers arriving while a reconnect is under way share it instead of opening a connection each.
    this.reconnecting ??= this.replaceConnection(this.opts.reconnect, signal).finally(() => {
      this.reconnecting = undefined;
    });
    return this.reconnecting;
  }

  private async replaceConnection(reconnect: (signal: AbortSignal) => Promise<SshConnection>, signal: AbortSignal): Promise<Client> {
    this.connection.close();
    const fresh = await reconnect(signal);
    if (this.closed) {
      fresh.close();
      throw new Error('the SSH connection is closed');
    }
    this.connection = this.watch(fresh);
    return fresh.client;
  }

  private watch(connection: SshConnection): SshConnection {
    this.alive = true;
    connection.client.once('close', () => {
      if (this.connection === connection) this.alive = false;
    });
    return connection;
  }
}

/**
 * Decodes UTF-8 across chunk boundaries so multi-byte characters are never split; resolves when the
 * stream has delivered everything.
 */
function pipe(stream: NodeJS.ReadableStream, sink: (chunk: string) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  stream.on('data', (d: Buffer) => {
    const text = decoder.write(d);
    if (text !== '') sink(text);
  });
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      const rest = decoder.end();
      if (rest !== '') sink(rest);
      resolve();
    };
    stream.on('end', finish);
    stream.on('close', finish);
  });
}
