/**
 * What the bytes of a PDF say about its shape, found without parsing it: where the header
 * is, whether it holds any objects, whether its last revision is whole, and which security
 * handler it names. pdf.js reads more than the old checks let through (junk before the
 * header, junk after the end marker); these tests still refuse what pdf.js would read only
 * in part, a file cut short. Each takes the file as a latin1 string (one character per byte).
 */

const HEADER = /%PDF-\d\.\d/;
/** An indirect object's start: "12 0 obj". */
const OBJECT = /(?:^|[\s>\]])\d{1,10}[\s\0]+\d{1,5}[\s\0]+obj\b/;
const END_MARKER = '%%EOF';
/**
 * The body and cross-reference sections' own syntax. After the last %%EOF it means a
 * revision (an incremental update, or the rest of a linearized file) was cut off mid-way;
 * junk appended by a mail gateway or a download tool has none of it (plain English may
 * say "trailer", never "trailer <<").
 */
const STRUCTURE = /\bendobj\b|\bendstream\b|\bstartxref[\s\0]+\d|\btrailer[\s\0]*<<|\bxref[\s\0]+\d+[\s\0]+\d+|\d[\s\0]+\d{1,5}[\s\0]+obj\b/;
/** The file ends with startxref and its offset, then at most a %%EOF cut short. */
const CLOSING_STARTXREF = /startxref[\s\0]+\d+[\s\0]*(?:%%?E?O?)?[\s\0]*$/;

export interface PdfShape {
  /** Offset of "%PDF-d.d", or -1 when there is none. */
  headerAt: number;
  /**
   * Something after the header that only a PDF has: an object ("N G obj") or a startxref.
   * A web page that merely mentions "%PDF-" has neither.
   */
  pdfSyntax: boolean;
  /** The last revision ends properly; false when the file was cut short. */
  complete: boolean;
  /** Bytes after the last %%EOF that belong to no revision (line breaks aside). */
  trailingJunk: number;
}

export function pdfShape(text: string): PdfShape {
  const header = HEADER.exec(text);
  const headerAt = header ? header.index : -1;
  if (headerAt < 0) return { headerAt, pdfSyntax: false, complete: false, trailingJunk: 0 };
  const afterHeader = text.slice(headerAt);
  const pdfSyntax = OBJECT.test(afterHeader) || /startxref[\s\0]+\d/.test(afterHeader);
  const end = text.lastIndexOf(END_MARKER);
  const afterEnd = end >= headerAt ? text.slice(end + END_MARKER.length) : null;
  if (afterEnd !== null && !STRUCTURE.test(afterEnd)) {
    return { headerAt, pdfSyntax, complete: true, trailingJunk: afterEnd.replace(/^[\r\n]+/, '').length };
  }
  // The last revision has no end marker: cut short, unless only the marker itself went (a
  // cut in the last few bytes) and its cross-reference section is whole, after every object.
  const revision = afterEnd ?? afterHeader;
  const complete = CLOSING_STARTXREF.test(revision.slice(-64)) && revision.lastIndexOf('startxref') > revision.lastIndexOf('endobj');
  return { headerAt, pdfSyntax, complete, trailingJunk: 0 };
}

/**
 * The security handler named by the /Encrypt dictionary of the last trailer that has one,
 * or null when the file is not encrypted (or the dictionary cannot be found by its bytes).
 * pdf.js opens only the Standard (password) handler; any other (a certificate, a vendor's
 * DRM) is encryption all the same, not damage.
 */
export function securityHandler(text: string): string | null {
  const filterIn = (dict: string) => /\/Filter[\s\0]*\/([^\s\0/<>[\]()%]+)/.exec(dict)?.[1] ?? null;
  const refs = [...text.matchAll(/\/Encrypt[\s\0]*(?:(\d+)[\s\0]+(\d+)[\s\0]+R|<<)/g)].reverse();
  for (const ref of refs) {
    const at = ref.index + ref[0].length;
    if (ref[1] === undefined) {
      const filter = filterIn(text.slice(at, at + 2048).split('>>')[0] ?? '');
      if (filter) return filter;
      continue;
    }
    const objects = [...text.matchAll(new RegExp(`(?:^|[\\s\\0>\\]])${ref[1]}[\\s\\0]+${ref[2]}[\\s\\0]+obj\\b`, 'g'))];
    const last = objects[objects.length - 1];
    if (!last) continue;
    const start = last.index + last[0].length;
    const filter = filterIn(text.slice(start, start + 4096).split('endobj')[0] ?? '');
    if (filter) return filter;
  }
  return null;
}
