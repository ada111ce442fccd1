// Panel page weight: the first-load JavaScript of /<org>/login (every <script src="/_next/…"> in
// the server's HTML, fetched and gzipped at level 9 like Next's own "First Load JS") and the
// server's render time for the page (sequential requests, full body read).
import { gzipSync } from "node:zlib";
import { latencySummary, type Latency } from "./common.ts";

export interface PageWeight {
  url: string;
  status: number;
  /** False when the page does not exist on this build (figures are then those of the 404 page). */
  pageExists: boolean;
  scripts: Array<{ src: string; bytes: number; gzipBytes: number }>;
  jsBytes: number;
  jsGzipBytes: number;
  jsGzipKB: number;
  htmlBytes: number;
  htmlGzipBytes: number;
  render: Latency;
}

async function fetchText(url: string): Promise<{ status: number; body: Buffer }> {
  const res = await fetch(url, { headers: { "Accept-Encoding": "identity" }, redirect: "manual", signal: AbortSignal.timeout(15_000) });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

export async function measurePageWeight(baseUrl: string, orgCode: string, renders: number): Promise<PageWeight> {
  const url = `${baseUrl}/${orgCode}/login`;
  const page = await fetchText(url);
  const html = page.body.toString("utf8");
  const srcs = [...new Set([...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&")))]
    .filter((src) => src.startsWith("/_next/"));
  const scripts = [];
  for (const src of srcs) {
    const { body } = await fetchText(new URL(src, baseUrl).toString());
    scripts.push({ src, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length });
  }
  const samples: number[] = [];
  for (let i = 0; i < renders; i++) {
    const t = performance.now();
    await fetchText(url);
    samples.push(performance.now() - t);
  }
  const jsGzipBytes = scripts.reduce((a, s) => a + s.gzipBytes, 0);
  return {
    url,
    status: page.status,
    pageExists: page.status === 200,
    scripts,
    jsBytes: scripts.reduce((a, s) => a + s.bytes, 0),
    jsGzipBytes,
    jsGzipKB: Math.round((jsGzipBytes / 1000) * 10) / 10,
    htmlBytes: page.body.length,
    htmlGzipBytes: gzipSync(page.body, { level: 9 }).length,
    render: latencySummary(samples),
  };
}
