// Charts for docs/: plain SVG built here, rendered to PNG by headless Chromium (Playwright with
// Debian's /usr/bin/chromium, overridable with CHROMIUM_PATH, like playwright.config.ts).
import { chromium } from "@playwright/test";
import { writeFileSync } from "node:fs";

const FONT = "font-family='DejaVu Sans, Liberation Sans, Arial, sans-serif'";
const COLORS = ["#2563eb", "#f59e0b", "#dc2626", "#16a34a", "#7c3aed", "#0891b2"];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? String(Math.round(v)) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

export interface BarGroup {
  label: string;
  values: number[];
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  unit: string;
  /** One name per value in each group (a legend is drawn when there are several). */
  series: string[];
  groups: BarGroup[];
  /** Horizontal reference lines, e.g. a target ratio. */
  lines?: Array<{ value: number; label: string }>;
  /** Per-group markers (e.g. the target of that group's figure). */
  markers?: Array<{ group: number; value: number; label: string }>;
}

/** A grouped bar chart as an SVG document. */
export function barChartSvg(spec: ChartSpec): string {
  const width = 860;
  const height = 440;
  const m = { top: spec.subtitle ? 78 : 60, right: 24, bottom: 72, left: 70 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const all = [...spec.groups.flatMap((g) => g.values), ...(spec.lines ?? []).map((l) => l.value), ...(spec.markers ?? []).map((k) => k.value)];
  const max = niceMax(Math.max(...all, 0) * 1.08);
  const y = (v: number) => m.top + plotH - (Math.max(0, v) / max) * plotH;
  const groupW = plotW / Math.max(1, spec.groups.length);
  const barW = Math.min(70, (groupW * 0.7) / Math.max(1, spec.series.length));
  const parts: string[] = [];
  parts.push(`<rect width='${width}' height='${height}' fill='white'/>`);
  parts.push(`<text x='${width / 2}' y='28' text-anchor='middle' font-size='19' font-weight='bold' ${FONT}>${esc(spec.title)}</text>`);
  if (spec.subtitle) parts.push(`<text x='${width / 2}' y='50' text-anchor='middle' font-size='13' fill='#475569' ${FONT}>${esc(spec.subtitle)}</text>`);
  for (let i = 0; i <= 5; i++) {
    const v = (max * i) / 5;
    parts.push(`<line x1='${m.left}' x2='${m.left + plotW}' y1='${y(v)}' y2='${y(v)}' stroke='#e2e8f0'/>`);
    const tick = max >= 10 ? String(Math.round(v)) : v.toFixed(max >= 1 ? 1 : 2);
    parts.push(`<text x='${m.left - 8}' y='${y(v) + 4}' text-anchor='end' font-size='12' fill='#475569' ${FONT}>${tick}</text>`);
  }
  parts.push(`<text transform='translate(18 ${m.top + plotH / 2}) rotate(-90)' text-anchor='middle' font-size='13' fill='#334155' ${FONT}>${esc(spec.unit)}</text>`);
  spec.groups.forEach((g, gi) => {
    const x0 = m.left + gi * groupW + (groupW - barW * spec.series.length) / 2;
    g.values.forEach((v, si) => {
      const x = x0 + si * barW;
      parts.push(`<rect x='${x + 2}' y='${y(v)}' width='${barW - 4}' height='${m.top + plotH - y(v)}' fill='${COLORS[si % COLORS.length]}'/>`);
      parts.push(`<text x='${x + barW / 2}' y='${y(v) - 5}' text-anchor='middle' font-size='11' fill='#0f172a' ${FONT}>${fmt(v)}</text>`);
    });
    const lines = g.label.split("\n");
    lines.forEach((line, li) =>
      parts.push(`<text x='${m.left + gi * groupW + groupW / 2}' y='${m.top + plotH + 20 + li * 15}' text-anchor='middle' font-size='12' fill='#0f172a' ${FONT}>${esc(line)}</text>`),
    );
  });
  for (const k of spec.markers ?? []) {
    const cx = m.left + k.group * groupW;
    parts.push(`<line x1='${cx + groupW * 0.1}' x2='${cx + groupW * 0.9}' y1='${y(k.value)}' y2='${y(k.value)}' stroke='#dc2626' stroke-width='2' stroke-dasharray='6 4'/>`);
    parts.push(`<text x='${cx + groupW * 0.1}' y='${y(k.value) - 5}' text-anchor='end' font-size='11' fill='#dc2626' ${FONT}>${esc(k.label)}</text>`);
  }
  for (const l of spec.lines ?? []) {
    parts.push(`<line x1='${m.left}' x2='${m.left + plotW}' y1='${y(l.value)}' y2='${y(l.value)}' stroke='#dc2626' stroke-width='2' stroke-dasharray='6 4'/>`);
    parts.push(`<text x='${m.left + plotW - 4}' y='${y(l.value) - 5}' text-anchor='end' font-size='12' fill='#dc2626' ${FONT}>${esc(l.label)}</text>`);
  }
  parts.push(`<line x1='${m.left}' x2='${m.left + plotW}' y1='${m.top + plotH}' y2='${m.top + plotH}' stroke='#334155'/>`);
  if (spec.series.length > 1) {
    spec.series.forEach((s, si) => {
      const x = m.left + 10 + si * 120;
      parts.push(`<rect x='${x}' y='${height - 22}' width='12' height='12' fill='${COLORS[si % COLORS.length]}'/>`);
      parts.push(`<text x='${x + 17}' y='${height - 12}' font-size='12' ${FONT}>${esc(s)}</text>`);
    });
  }
  return `<svg xmlns='http://www.w3.org/2000/svg' width='${width}' height='${height}' viewBox='0 0 ${width} ${height}'>${parts.join("")}</svg>`;
}

/** Render SVG documents to PNG files with one browser launch. */
export async function renderPngs(charts: Array<{ file: string; svg: string }>): Promise<void> {
  if (charts.length === 0) return;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const chart of charts) {
      await page.setContent(`<!doctype html><html><body style="margin:0;background:white">${chart.svg}</body></html>`);
      const png = await page.locator("svg").first().screenshot({ type: "png" });
      writeFileSync(chart.file, png);
    }
  } finally {
    await browser.close();
  }
}
