// poppler's command-line tools as independent PDF readers: text, page count, and pages as
// pixels (PPM, trivially parsed) to check that charts actually drew something.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function pdfText(path: string): Promise<string> {
  return (await run('pdftotext', ['-layout', path, '-'], { maxBuffer: 32 * 1024 * 1024 })).stdout;
}

export async function pdfPages(path: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [path]);
  const match = /^Pages:\s+(\d+)/m.exec(stdout);
  if (!match) throw new Error(`pdfinfo printed no page count for ${path}:\n${stdout}`);
  return Number(match[1]);
}

/** pdfinfo's "Page size" line, e.g. "595.92 x 842.88 pts (A4)". */
export async function pdfPageSize(path: string): Promise<string> {
  const { stdout } = await run('pdfinfo', [path]);
  return /^Page size:\s+(.*)$/m.exec(stdout)?.[1] ?? '';
}

/** Renders one page to PNG (for people to look at) at `prefix`-<page>.png; returns the path. */
export async function pdfPagePng(path: string, page: number, prefix: string, dpi = 80): Promise<string> {
  await run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', path, `${prefix}-${page}`]);
  return `${prefix}-${page}.png`;
}

export interface Pixels {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** Renders one page to raw pixels through PPM. */
export async function pdfPagePixels(path: string, page: number, prefix: string, dpi = 50): Promise<Pixels> {
  await run('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', path, `${prefix}-${page}`]);
  const bytes = new Uint8Array(await readFile(`${prefix}-${page}.ppm`));
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 40)));
  if (!header) throw new Error(`${prefix}-${page}.ppm is not a binary PPM`);
  const offset = header[0].length;
  return { width: Number(header[1]), height: Number(header[2]), rgb: bytes.subarray(offset) };
}

/** Pixels within `tolerance` (per channel) of a #rrggbb colour. */
export function countColour(pixels: Pixels, hex: string, tolerance = 24): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let n = 0;
  for (let i = 0; i + 2 < pixels.rgb.length; i += 3) {
    if (Math.abs(pixels.rgb[i]! - r) <= tolerance && Math.abs(pixels.rgb[i + 1]! - g) <= tolerance && Math.abs(pixels.rgb[i + 2]! - b) <= tolerance) n++;
  }
  return n;
}
