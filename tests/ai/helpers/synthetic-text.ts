import type { DocumentText, TextItem } from '../../../main/core/contract/text';

/**
 * Small hand-made documents for matching tests: each row is a line on the page, each
 * cell a text item at an x position, so that table columns and wrapped cells are exact.
 */
export interface SyntheticCell {
  x: number;
  text: string;
  size?: number;
  font?: string;
}
export interface SyntheticRow {
  page?: number;
  y: number;
  cells: SyntheticCell[];
}

export function syntheticText(rows: SyntheticRow[]): DocumentText {
  const items: TextItem[] = [];
  const pages = new Set<number>();
  for (const row of rows) {
    const page = row.page ?? 1;
    pages.add(page);
    for (const cell of row.cells) {
      const size = cell.size ?? 10;
      items.push({ str: cell.text, page, x: cell.x, y: row.y, width: cell.text.length * size * 0.5, height: size * 1.2, font: cell.font ?? 'body', size });
    }
  }
  return { pages: [...pages].sort((a, b) => a - b).map((page) => ({ page, width: 595, height: 842, source: 'text' })), items };
}
