/**
 * Functions run inside the page (page.evaluate). The project compiles without the DOM
 * library, so the little of the browser they touch is typed here by shape.
 */

interface PaintedCanvas {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  } | null;
}

interface ChartData {
  readonly labels: string[];
  readonly datasets: { label: string; data: (number | null)[] }[];
}

interface BrowserGlobals {
  readonly Chart: { getChart(canvas: PaintedCanvas): { data: ChartData } | undefined };
  readonly document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

export interface DrawnChart {
  readonly labels: string[];
  readonly series: { label: string; data: (number | null)[] }[];
  /** Pixels with any paint on them: an empty canvas has none. */
  readonly painted: number;
}

/** The Chart.js chart on a canvas: its series, and how much of the canvas it painted. */
export const readChart = (canvas: PaintedCanvas): DrawnChart => {
  const chart = (globalThis as unknown as BrowserGlobals).Chart.getChart(canvas);
  const pixels =
    canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ??
    new Uint8ClampedArray();
  let painted = 0;
  for (let alpha = 3; alpha < pixels.length; alpha += 4) if (pixels[alpha] > 0) painted++;
  return {
    labels: chart?.data.labels ?? [],
    series: (chart?.data.datasets ?? []).map((d) => ({ label: d.label, data: d.data })),
    painted,
  };
};

/** How far the page is wider than the window: above zero means sideways scrolling. */
export const horizontalOverflow = (): number => {
  const root = (globalThis as unknown as BrowserGlobals).document.documentElement;
  return root.scrollWidth - root.clientWidth;
};
