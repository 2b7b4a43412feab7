import { cpus, platform, release, totalmem } from 'node:os';

/** The machine a benchmark ran on, for its results: figures compare only within one machine. */
export function describeHost(): {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
} {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Number((totalmem() / 2 ** 30).toFixed(1)),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}
