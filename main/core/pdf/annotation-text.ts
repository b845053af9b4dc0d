import type { TextItem } from '../contract/text';

/**
 * Text that lives only in form fields and annotations: a filled-in AcroForm field's value,
 * a FreeText (typewriter) note. pdfjs's text content leaves these out, so a summary typed
 * into a form would otherwise read as having no text. Hidden and no-view annotations are
 * skipped: staff never see them on the page either.
 */

/** Font ids for annotation text: equal ids mean the same face to the layout code. */
export const FIELD_FONT = 'annot:field';
export const NOTE_FONT = 'annot:freetext';

const HIDDEN_FLAGS = 0x02 | 0x20; // Hidden, NoView
const DEFAULT_SIZE = 10;
const LINE_HEIGHT = 1.15;
// Average glyph advance of a proportional face, as a share of the size: widths are
// estimated, since the field's own font is not laid out here.
const ADVANCE = 0.5;

interface RawAnnotation {
  subtype?: string;
  annotationFlags?: number;
  hidden?: boolean;
  rect?: number[];
  fieldType?: string;
  fieldValue?: unknown;
  password?: boolean;
  textContent?: unknown;
  contentsObj?: { str?: unknown };
  defaultAppearanceData?: { fontSize?: number };
}

interface Viewport {
  convertToViewportRectangle(rect: number[]): number[];
}

function linesOf(a: RawAnnotation): string[] {
  if (a.subtype === 'Widget') {
    if (a.password) return [];
    if (a.fieldType === 'Tx' && typeof a.fieldValue === 'string') return a.fieldValue.split(/\r\n?|\n/);
    if (a.fieldType === 'Ch') {
      const v = Array.isArray(a.fieldValue) ? a.fieldValue : [a.fieldValue];
      return v.filter((s): s is string => typeof s === 'string');
    }
    return [];
  }
  if (a.subtype === 'FreeText') {
    if (Array.isArray(a.textContent)) return a.textContent.filter((s): s is string => typeof s === 'string');
    if (typeof a.contentsObj?.str === 'string') return a.contentsObj.str.split(/\r\n?|\n/);
  }
  return [];
}

export async function annotationItems(
  page: { getAnnotations(params?: { intent?: string }): Promise<unknown[]> },
  pageNumber: number,
  viewport: Viewport,
): Promise<TextItem[]> {
  let annotations: RawAnnotation[];
  try {
    annotations = (await page.getAnnotations({ intent: 'display' })) as RawAnnotation[];
  } catch {
    // Broken annotations must not cost the page its text layer.
    return [];
  }
  const out: TextItem[] = [];
  for (const a of annotations) {
    if (a.hidden || ((a.annotationFlags ?? 0) & HIDDEN_FLAGS) !== 0 || !Array.isArray(a.rect) || a.rect.length !== 4) continue;
    const lines = linesOf(a).map((l) => l.trim());
    if (!lines.some((l) => l !== '')) continue;
    const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(a.rect) as [number, number, number, number];
    const left = Math.min(x1, x2);
    const top = Math.min(y1, y2);
    const boxHeight = Math.abs(y2 - y1);
    const asked = a.defaultAppearanceData?.fontSize;
    const size = asked && asked > 0 ? asked : Math.min(DEFAULT_SIZE, boxHeight || DEFAULT_SIZE);
    const lineHeight = size * LINE_HEIGHT;
    // One line sits in the middle of its box, as a field draws it; several start at the top.
    const firstTop = lines.length === 1 ? top + Math.max(0, (boxHeight - lineHeight) / 2) : top;
    const font = a.subtype === 'Widget' ? FIELD_FONT : NOTE_FONT;
    lines.forEach((str, i) => {
      if (str === '') return;
      out.push({
        str,
        page: pageNumber,
        x: round(left + 2),
        y: round(firstTop + i * lineHeight),
        width: round(str.length * size * ADVANCE),
        height: round(lineHeight),
        font,
        size: round(size),
      });
    });
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
