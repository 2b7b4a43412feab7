import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP link on loopback to a real server (PostgreSQL) that a test can cut, dropping every
 * connection and refusing new ones, and mend again: an outage without stopping the server
 * that other tests share.
 */
export class CuttableLink {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly target: { host: string; port: number },
    private port = 0,
  ) {}

  /** Listens on a free loopback port, forwarding to `url`'s host and port; `url` then points at the link. */
  static async open(url: string): Promise<{ link: CuttableLink; url: string }> {
    const parsed = new URL(url);
    const link = new CuttableLink({ host: parsed.hostname, port: Number(parsed.port || 5432) });
    await link.mend();
    parsed.hostname = '127.0.0.1';
    parsed.port = String(link.port);
    return { link, url: parsed.toString() };
  }

  /** Drops every connection and refuses new ones (ECONNREFUSED) until `mend`. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Listens again, on the same port. */
  async mend(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => this.sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  close(): Promise<void> {
    return this.cut();
  }
}
