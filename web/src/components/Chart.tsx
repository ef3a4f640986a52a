// A chart drawn by ECharts (lib/echarts.ts, loaded on first use) in a labelled region. The chart itself is hidden
// from screen readers: every chart on a screen has its numbers in a table beside it. While ECharts loads the region
// keeps its height; if it cannot load, a short note says so and the table still holds the numbers.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartOption } from '../lib/echarts.ts';

export type { ChartOption };

/** The app's colours (styles.css custom properties) for chart series, read once the page is styled. */
export function chartColours(): string[] {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return [v('--brand', '#0b7a55'), v('--accent', '#6941c6'), v('--info', '#1d5fc9'), v('--warning', '#9a5b00'), v('--danger', '#b42318'), v('--muted', '#66756e')];
}

export function Chart({ label, option, height = 200, testId }: { label: string; option: ChartOption; height?: number; testId?: string }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let gone = false;
    let dispose = () => {};
    import('../lib/echarts.ts').then(
      ({ init }) => {
        if (gone || !box.current) return;
        const chart = init(box.current, null, { renderer: 'svg' });
        chart.setOption({ color: chartColours(), textStyle: { fontFamily: getComputedStyle(document.body).fontFamily }, ...option });
        const resize = new ResizeObserver(() => chart.resize());
        resize.observe(box.current);
        dispose = () => {
          resize.disconnect();
          chart.dispose();
        };
      },
      () => !gone && setFailed(true),
    );
    return () => {
      gone = true;
      dispose();
    };
  }, [option]);
  return (
    <div className="chart" role="figure" aria-label={label} data-testid={testId}>
      {failed ? <p className="muted small">{t('analytics.chartFailed')}</p> : <div ref={box} className="chart__canvas" style={{ height }} aria-hidden="true" />}
    </div>
  );
}
