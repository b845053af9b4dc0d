import type { DocumentText, PageInfo, TextItem } from '../../main/core/contract/text';

/**
 * Builds positioned text by hand, the way a PDF producer would lay it out, so that parser
 * tests can state a layout (columns, wraps, gaps, pages) in a few lines without a PDF.
 * Widths assume an average glyph of half the font size.
 */
export interface CellSpec {
  x: number;
  text: string;
  font?: string;
  size?: number;
}

export interface LineSpec {
  cells: (CellSpec | [number, string])[];
  /** Extra space above this line, in points. */
  gap?: number;
  font?: string;
  size?: number;
}

export interface PageSpec {
  lines: (LineSpec | string)[];
  height?: number;
  width?: number;
  /** First line's top, in points from the page top. */
  top?: number;
}

export const BODY = 'body';
export const BOLD = 'bold';

export function textOf(pages: PageSpec[], opts: { lineHeight?: number; size?: number; perWord?: boolean } = {}): DocumentText {
  const items: TextItem[] = [];
  const infos: PageInfo[] = [];
  pages.forEach((spec, p) => {
    const page = p + 1;
    const height = spec.height ?? 842;
    infos.push({ page, width: spec.width ?? 595, height, source: 'text' });
    let y = spec.top ?? 60;
    for (const raw of spec.lines) {
      const line: LineSpec = typeof raw === 'string' ? { cells: [[40, raw]] } : raw;
      const size = line.size ?? opts.size ?? 10;
      y += line.gap ?? 0;
      for (const c of line.cells) {
        const cell: CellSpec = Array.isArray(c) ? { x: c[0], text: c[1] } : c;
        const cellSize = cell.size ?? size;
        const font = cell.font ?? line.font ?? BODY;
        if (opts.perWord) {
          let x = cell.x;
          for (const word of cell.text.split(' ')) {
            items.push({ str: word, page, x, y, width: word.length * cellSize * 0.5, height: cellSize * 1.15, font, size: cellSize });
            x += (word.length + 1) * cellSize * 0.5;
          }
        } else {
          items.push({ str: cell.text, page, x: cell.x, y, width: cell.text.length * cellSize * 0.5, height: cellSize * 1.15, font, size: cellSize });
        }
      }
      y += (opts.lineHeight ?? 1.2) * size;
    }
  });
  return { pages: infos, items };
}

/** A heading line in the bold face, a little larger than the body. */
export function heading(text: string, gap = 12): LineSpec {
  return { cells: [[40, text]], font: BOLD, size: 12, gap };
}

/** A table header row in the bold face. */
export function headerRow(cells: [number, string][], gap = 4): LineSpec {
  return { cells, font: BOLD, gap };
}

/** A body row; `gap` adds the padding that separates table rows. */
export function row(cells: [number, string][], gap = 0): LineSpec {
  return { cells, gap };
}
