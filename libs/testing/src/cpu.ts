/**
 * CPU time of processes on this machine, from /proc (Linux), for the benchmarks: CPU per
 * operation moves less than a rate on shared cores, where a rate is mostly the share of the
 * cores a process got.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

interface Stat {
  name: string;
  ppid: number;
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
}

/** The fields of /proc/<pid>/stat that matter here, or undefined when the process is gone. */
function stat(pid: string): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone, or not ours to read
  }
  const close = text.lastIndexOf(')');
  // Fields after the name, counted from 0: state, ppid, … utime (11), stime, cutime, cstime.
  const fields = text
    .slice(close + 2)
    .split(' ')
    .map(Number);
  return {
    name: text.slice(text.indexOf('(') + 1, close),
    ppid: fields[1],
    utime: fields[11],
    stime: fields[12],
    cutime: fields[13],
    cstime: fields[14],
  };
}

/** CPU seconds (user and system) that one process has used so far. */
export function processCpuSeconds(pid: number): number {
  const s = stat(String(pid));
  if (!s) throw new Error(`process ${pid} is gone`);
  return (s.utime + s.stime) / TICKS;
}

/**
 * CPU seconds used so far by the PostgreSQL server this process started: every live `postgres`
 * process descended from this one (the postmaster and its backends), plus what the postmaster's
 * ended children used (its cutime and cstime). Other PostgreSQL servers on a shared machine are
 * not counted.
 */
export function postgresCpuSeconds(): number {
  const all = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (s) all.set(Number(entry), s);
  }
  const ours = (pid: number): boolean => {
    for (let at = all.get(pid)?.ppid; at !== undefined && at > 1; at = all.get(at)?.ppid)
      if (at === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, s] of all) {
    if (!s.name.startsWith('postgres') || !ours(pid)) continue;
    total += s.utime + s.stime;
    // The postmaster (its parent is not postgres) also carries its ended children's time.
    if (!all.get(s.ppid)?.name.startsWith('postgres')) total += s.cutime + s.cstime;
  }
  return total / TICKS;
}
