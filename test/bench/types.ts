/** One figure a benchmark reports; `baseline` is measured in the same run wherever one exists. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** 'higher' when a bigger value is better (throughput), 'lower' for times and sizes. */
  better?: 'higher' | 'lower';
  note?: string;
}

export type Bench = () => Promise<BenchResult[]>;
