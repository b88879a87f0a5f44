/** One figure of `npm run bench`: measured against its baseline from the same run. */
export interface BenchRow {
  /** what is measured, e.g. "cdn middleware throughput vs bare Express" */
  figure: string;
  /** the bar, as text, e.g. ">= 0.97" or "< 5 ms" */
  target: string;
  /** the measured value with its unit, e.g. "41,200 req/s" or "3.1 ms" */
  measured: string;
  /** the baseline measured in the same run, with its unit, when there is one */
  baseline?: string;
  /** measured / baseline (or the figure compared with the target), when meaningful */
  ratio?: number;
  /** whether the figure meets the target */
  pass: boolean;
}
