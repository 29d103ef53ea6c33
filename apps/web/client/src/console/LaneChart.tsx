import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartData } from './console-api';

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777'];

/** A dashed vertical line at `at` (unix seconds), e.g. when a chaos run started. */
const markLine = (at: number) => (chart: uPlot) => {
  const x = chart.valToPos(at, 'x', true);
  if (x < chart.bbox.left || x > chart.bbox.left + chart.bbox.width) return;
  const context = chart.ctx;
  context.save();
  context.strokeStyle = '#dc2626';
  context.setLineDash([6, 4]);
  context.beginPath();
  context.moveTo(x, chart.bbox.top);
  context.lineTo(x, chart.bbox.top + chart.bbox.height);
  context.stroke();
  context.restore();
};

/** One lane's figure over the last minutes, drawn by uPlot (a canvas, cheap to redraw live). */
export const LaneChart = ({
  data,
  title,
  markAt,
}: {
  data: ChartData;
  title: string;
  markAt?: number | undefined;
}) => {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (element === null || data.timestamps.length === 0) return;
    const chart = new uPlot(
      {
        title,
        width: 420,
        height: 160,
        series: [
          {},
          ...data.series.map((series, index) => ({
            label: series.name,
            stroke: COLOURS[index % COLOURS.length] ?? '#000',
          })),
        ],
        legend: { show: data.series.length <= 6 },
        // Wide enough for a count in the thousands, which the default axis cuts off.
        axes: [{}, { size: 70 }],
        hooks: markAt === undefined ? {} : { draw: [markLine(markAt)] },
      },
      [data.timestamps, ...data.series.map((series) => series.values)],
      element,
    );
    return () => chart.destroy();
  }, [data, title, markAt]);
  if (data.timestamps.length === 0) return <p className="quiet">no samples in this window yet</p>;
  return <div ref={box} className="lane-chart" />;
};
