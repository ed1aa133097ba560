/** API call counters, as the collectors' client factory reports them, summed over accounts and runs. */
export interface CallStats {
  calls: Record<string, number>;
  retries: number;
  errors: number;
}

export function emptyStats(): CallStats {
  return {calls: {}, retries: 0, errors: 0};
}

/** Adds `more` into `into` and returns `into`. */
export function addStats(into: CallStats, more: Partial<CallStats> | undefined): CallStats {
  for (const [op, n] of Object.entries(more?.calls ?? {})) into.calls[op] = (into.calls[op] ?? 0) + n;
  into.retries += more?.retries ?? 0;
  into.errors += more?.errors ?? 0;
  return into;
}

/** The total number of calls. */
export function totalCalls(stats: CallStats): number {
  return Object.values(stats.calls).reduce((a, b) => a + b, 0);
}
