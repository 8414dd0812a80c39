import fs from 'node:fs';

/**
 * CPU time from /proc (Linux), to say where a benchmark's cores went: each Strapi process, the
 * load generator, the benchmark's PostgreSQL backends, Redis (shared, so everyone's), and the
 * whole machine (which other work shares).
 */

// Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common platform.
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of one process, 0 once it is gone. */
export const processCpuSeconds = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the numbered fields start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
};

/**
 * Bytes a process caused to be written to storage (`write_bytes` of /proc/<pid>/io, counted when
 * it dirties a page of a file; sockets not included), 0 once it is gone. On SQLite that is the
 * database's own writes: the WAL's frames and the checkpoints that copy them into the file.
 */
export const processWriteBytes = (pid: number) => {
  try {
    const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
    return Number(/^write_bytes:\s*(\d+)/m.exec(io)?.[1] ?? 0);
  } catch {
    return 0;
  }
};

const commandOf = (pid: string) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  } catch {
    return undefined;
  }
};

const commandLineOf = (pid: string) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

/**
 * CPU seconds per pid of every process whose command is `command` and whose command line holds
 * `mentioning`: a PostgreSQL backend names its database there, so other databases' work is left out.
 */
const commandCpu = (command: string, mentioning = '') =>
  new Map(
    fs
      .readdirSync('/proc')
      .filter(
        (entry) =>
          /^\d+$/.test(entry) && commandOf(entry) === command && commandLineOf(entry).includes(mentioning)
      )
      .map((pid) => [pid, processCpuSeconds(Number(pid))])
  );

/** Busy and total CPU seconds of the machine, all cores together. */
const machineCpu = () => {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = values.slice(0, 8).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  // idle and iowait are the two idle columns.
  return { busy: (total - ticks[3] - ticks[4]) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
};

export type CpuSnapshot = ReturnType<typeof cpuSnapshot>;

/** `postgresDatabase`: the benchmark's database (its backends' CPU); none counted without one. */
export const cpuSnapshot = (strapiPids: number[], postgresDatabase?: string) => ({
  strapi: strapiPids.map(processCpuSeconds),
  strapiWrites: strapiPids.map(processWriteBytes),
  bench: process.cpuUsage(),
  postgres: postgresDatabase ? commandCpu('postgres', ` ${postgresDatabase} `) : new Map<string, number>(),
  redis: commandCpu('redis-server'),
  machine: machineCpu(),
});

const commandDelta = (before: Map<string, number>, after: Map<string, number>) =>
  [...after].reduce((sum, [pid, seconds]) => sum + seconds - (before.get(pid) ?? 0), 0);

/** CPU seconds spent by each part between two snapshots, and the machine's busy share (1 = every core). */
export const cpuSpent = (before: CpuSnapshot, after: CpuSnapshot) => {
  const bench = process.cpuUsage(before.bench);
  const machine = {
    busy: after.machine.busy - before.machine.busy,
    total: after.machine.total - before.machine.total,
  };
  return {
    strapi: after.strapi.map((seconds, index) => seconds - before.strapi[index]),
    strapiWriteBytes: after.strapiWrites.reduce(
      (sum, bytes, index) => sum + bytes - before.strapiWrites[index],
      0
    ),
    bench: (bench.user + bench.system) / 1e6,
    postgres: commandDelta(before.postgres, after.postgres),
    redis: commandDelta(before.redis, after.redis),
    machineBusyShare: machine.total > 0 ? machine.busy / machine.total : 0,
  };
};
