import os from 'node:os';
import type autocannon from 'autocannon';

export const machine = () =>
  `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;

export const summarize = (label: string, result: autocannon.Result) => ({
  label,
  requestsPerSecond: Math.round(result.requests.average),
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
});

export type Summary = ReturnType<typeof summarize>;

export const printTable = (rows: Summary[]) => {
  console.table(
    rows.map(({ label, requestsPerSecond, p50Ms, p99Ms, non2xx, errors }) => ({
      run: label,
      'req/s': requestsPerSecond,
      'p50 ms': p50Ms,
      'p99 ms': p99Ms,
      'non-2xx': non2xx,
      errors,
    }))
  );
};

/** The value below which `p` % of `values` fall (nearest rank). */
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
