import { Writable } from 'node:stream';

/** A log destination that keeps every line written to it, for tests that read the logs. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  private partial = '';

  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts.filter((line) => line.length > 0));
    done();
  }

  text(): string {
    return [...this.lines, this.partial].join('\n');
  }
}
