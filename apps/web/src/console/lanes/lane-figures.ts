/** Prometheus' `data` of an instant query (resultType vector) or a range query (matrix). */
export type PromVector = ReadonlyArray<{ metric: Record<string, string>; value: [number, string] }>;
export type PromMatrix = ReadonlyArray<{
  metric: Record<string, string>;
  values: ReadonlyArray<[number, string]>;
}>;

/** One row of a figure: which series (its labels as text) and its value now. */
export type FigureRow = Readonly<{ series: string; value: number | null }>;

/** A chart's data as uPlot takes it: shared timestamps, then one aligned column per series. */
export type ChartData = Readonly<{
  timestamps: number[];
  series: ReadonlyArray<{ name: string; values: Array<number | null> }>;
}>;

/** `{queue="a", service="b"}` → `queue=a service=b`; a series without labels is `total`. */
export const seriesName = (metric: Readonly<Record<string, string>>): string => {
  const names = Object.keys(metric)
    .filter((name) => name !== '__name__')
    .sort();
  return names.length === 0 ? 'total' : names.map((name) => `${name}=${metric[name]}`).join(' ');
};

/** Prometheus writes NaN and ±Inf as text; JSON has no place for them, so they become null. */
const numberOf = (text: string): number | null => {
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
};

export const figureRows = (vector: PromVector): FigureRow[] =>
  vector
    .map(({ metric, value }) => ({ series: seriesName(metric), value: numberOf(value[1]) }))
    .sort((a, b) => a.series.localeCompare(b.series));

/** Aligns every series on the union of their timestamps; a missing sample is null (a gap). */
export const chartData = (matrix: PromMatrix): ChartData => {
  const timestamps = [...new Set(matrix.flatMap((s) => s.values.map(([at]) => at)))].sort(
    (a, b) => a - b,
  );
  const series = matrix
    .map(({ metric, values }) => {
      const byTime = new Map(values.map(([at, text]) => [at, numberOf(text)]));
      return { name: seriesName(metric), values: timestamps.map((at) => byTime.get(at) ?? null) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { timestamps, series };
};
