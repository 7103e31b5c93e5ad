/** The summary of repeated measurements: the median and the spread. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Every measured value, in run order. */
  values: number[];
}

/** Summarizes repeated measurements of one quantity. */
export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error("summarize: no values (did every run of the scenario fail?)");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0, values };
}
