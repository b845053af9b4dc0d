import type { TextItem } from '../../contract/text';
import { joinItems, makeSegment, type Line, type Segment } from '../../layout/lines';
import { splitItems } from '../../layout/list';
import { findHeader, readTable, type ColumnVocab, type RowLine } from '../../layout/table';
import { findDates } from '../../normalise/dates';
import {
  normalisePostcode,
  normaliseSex,
  parsePersonName,
  parsePractice,
  splitAddressPostcode,
  findOdsCode,
} from '../../normalise/demographic-values';
import { findNhsNumberDigits, isValidNhsNumber } from '../../normalise/nhs-number';
import { flatText, itemsForRange } from './cells';
import { findNhsNumberCandidates } from '../../normalise/ocr-text/confusions';
import { repairPostcode } from '../../normalise/ocr-text/postcode';
import { sourced, type RecordBuilder } from './record-builder';

/**
 * Patient demographics from labelled values, wherever and however they are printed: a
 * banner with several label/value pairs per line, a key-value block ('Label: value' or a
 * label column), values that wrap onto following lines, or a row of labels over a row of
 * values. An unlabelled name in the banner ('OKAFOR, Olivia (Ms)') is read too. Only a
 * labelled address is taken as the patient's, so a practice address nearby is never used.
 */
type Field = 'nhs' | 'dob' | 'sex' | 'name' | 'family' | 'given' | 'title' | 'address' | 'postcode' | 'practice' | 'practiceCode' | 'ignore';

const LABELS: { field: Field; re: RegExp }[] = [
  { field: 'ignore', re: /^(?:(?:gp\s+)?practice|surgery|gp|registered\s+gp|usual\s+gp)\s+(?:address|tel(?:ephone)?|phone|email|e-mail|fax|contact)\b\s*[:.]?/i },
  {
    field: 'ignore',
    re: /^(?:usual\s+gp|registered\s+gp|gp(?=\s*:)|gp\s+name|named\s+gp|doctor|created\s+by|author|printed\s+by|(?:produced|prepared|generated|compiled|reviewed|signed|authorised|recorded|entered|checked|sent)\s+by|summary\s+(?:created|sent)|emergency\s+contact|next\s+of\s+kin|nok|carer|contact(?:\s+details)?|tel(?:ephone)?(?:\s+no\.?)?|phone|mobile|e-?mail|fax|relationship|language|ethnicity|religion|occupation|marital\s+status|age)\s*[:.]?/i,
  },
  { field: 'practiceCode', re: /^(?:practice\s+code|ods\s+code|ods|practice\s+ods(?:\s+code)?|organisation\s+code)\s*[:.]?/i },
  { field: 'nhs', re: /^(?:nhs\s*(?:no\.?|number|num\.?|#|id|identifier)?|identifier\s*\(\s*nhs(?:\s+number)?\s*\))\s*[:.]?(?=\s|$|\d|:)/i },
  { field: 'dob', re: /^(?:date\s+of\s+birth|d\.?\s?o\.?\s?b\.?|born|birth\s*date|birthdate)\s*[:.]?(?=\s|$|\d|:)/i },
  { field: 'sex', re: /^(?:sex|gender)\s*[:.]?/i },
  { field: 'family', re: /^(?:surname|family\s+name|last\s+name)\s*[:.]?/i },
  { field: 'given', re: /^(?:forename\(s\)|forenames?|given\s+name\(s\)|given\s+names?|first\s+name\(s\)|first\s+names?|christian\s+names?|other\s+names?)\s*[:.]?/i },
  { field: 'title', re: /^title\s*[:.]?/i },
  { field: 'name', re: /^(?:(?:(?:patient|resident|client|service\s+user|child|person)(?:'s)?\s+(?:full\s+)?name|full\s+name|name)\s*[:.]?|(?:patient|child|client|service\s+user|resident)\s*(?::|$)|re\s*:)/i },
  { field: 'address', re: /^(?:(?:(?:home|usual|patient|current|residential|permanent|postal)\s+)?address(?:\s+lines?)?|(?:usual\s+|place\s+of\s+)?residence|lives\s+at)\s*[:.]?/i },
  { field: 'postcode', re: /^post\s*code\s*[:.]?/i },
  {
    field: 'practice',
    re: /^(?:registered\s+(?:gp\s+)?practice|registered\s+gp\s+practice|usual\s+gp\s+practice|gp\s+practice(?:\s+name)?|gp\s+surgery|practice(?:\s+name)?|surgery|registered\s+with|registered\s+at|primary\s+care\s+(?:provider|practice|organisation)|general\s+practice|managing\s+organisation)\s*[:.]?/i,
  },
];

interface LabelHit {
  field: Field;
  /** Items of the value printed after the label in the same segment (may be empty). */
  rest: TextItem[];
}

function labelOf(seg: Segment): LabelHit | null {
  const text = seg.text;
  for (const l of LABELS) {
    const m = l.re.exec(text);
    if (!m) continue;
    const after = text.slice(m[0].length);
    // The label must end here: at the cell's end, a colon, or a space before the value.
    if (after && !/^[\s:.]/.test(after) && !/[\s:.]$/.test(m[0])) continue;
    // A label ends at a colon or at the end of its cell; 'Patient has declined…' is prose.
    if (after.trim() && !/[:.]\s*$/.test(m[0]) && seg.items.length === 1 && /^\s*\p{Ll}/u.test(after) && l.field !== 'dob') continue;
    const restItems = afterLabel(seg.items, m[0].length);
    return { field: l.field, rest: restItems };
  }
  return null;
}

/** Items after the first `chars` characters of the segment's text, cut mid-item if needed. */
function afterLabel(items: TextItem[], chars: number): TextItem[] {
  const flat = flatText(items);
  const rest = flat.slice(chars).replace(/^[\s:.]+/, '');
  if (!rest) return [];
  const at = flat.length - rest.length;
  const out: TextItem[] = [];
  let pos = 0;
  for (const it of items) {
    const s = pos;
    const e = pos + it.str.length;
    pos = e + 1;
    if (e <= at) continue;
    if (s >= at) out.push(it);
    else {
      const cut = at - s;
      const perChar = it.width / Math.max(1, it.str.length);
      out.push({ ...it, str: it.str.slice(cut), x: it.x + cut * perChar, width: (it.str.length - cut) * perChar });
    }
  }
  return out;
}

interface Value {
  field: Field;
  /** Where the label starts, when the value followed it on its line. */
  labelX?: number;
  items: TextItem[];
  lines: TextItem[][];
  x: number;
  /** Where the value's column ends: the next label to its right, or the page edge. */
  limit: number;
  lastLine: Line;
}

export function parseDemographics(lines: Line[], fallbackLines: Line[], pageWidth: number, b: RecordBuilder): void {
  const values = collectLabelled(lines, pageWidth);
  const first = new Map<Field, Value>();
  for (const v of values) if (!first.has(v.field)) first.set(v.field, v);

  const get = (f: Field) => first.get(f);
  const nameV = get('name');
  if (nameV) setName(nameV.items, b, 0.95);
  const fam = get('family');
  if (fam) b.setPatient('familyName', sourced(joinItems(fam.items), fam.items, 0.95), true);
  const giv = get('given');
  if (giv) b.setPatient('givenName', sourced(joinItems(giv.items), giv.items, 0.95), true);
  const title = get('title');
  if (title) b.setPatient('title', sourced(joinItems(title.items).replace(/[.()]/g, ''), title.items, 0.95), true);
  if (!b.hasPatient('familyName')) bannerName(lines, b);

  const nhs = get('nhs');
  if (nhs) setNhs(nhs.items, b, 0.95);
  const dob = get('dob');
  if (dob) setDob(dob.items, b);
  const sex = get('sex');
  if (sex) {
    const s = normaliseSex(joinItems(sex.items).split(/[\s,(]/)[0] ?? '');
    if (s) b.setPatient('sex', sourced(s, sex.items, 0.95));
  }
  if (!b.hasPatient('sex')) sexInProse(lines, b);
  const address = get('address');
  if (address) {
    const joined = joinAddress(address);
    let { address: addr, postcode } = splitAddressPostcode(joined);
    let repairs = 0;
    // From a scan, a postcode with a confused character ('LEB 2FL') is read back by format.
    if (!postcode && address.items.some((i) => i.conf !== undefined)) {
      const m = /,?\s*(\S{2,4})\s+(\S{3})\s*$/.exec(joined);
      const r = m ? repairPostcode(`${m[1]} ${m[2]}`) : null;
      if (m && r?.value) {
        postcode = r.value;
        repairs = r.repairs;
        addr = splitAddressPostcode(joined.slice(0, m.index)).address;
      }
    }
    b.setPatient('address', sourced(addr || null, address.items, 0.9));
    if (postcode) b.setPatient('postcode', { ...sourced(postcode, postcodeItems(address.items), repairs ? 0.8 : 0.95), repairs });
  }
  const pc = get('postcode');
  if (pc) {
    const p = normalisePostcode(joinItems(pc.items));
    if (p) b.setPatient('postcode', sourced(p, pc.items, 0.95), true);
  }
  const practice = get('practice');
  if (practice) {
    const p = parsePractice(joinItems(practice.items));
    if (p.name) b.setPatient('gpPracticeName', sourced(p.name, practice.items, 0.9));
    if (p.code) b.setPatient('gpPracticeCode', sourced(p.code, practice.items, 0.95));
  }
  const code = get('practiceCode');
  if (code) {
    const c = findOdsCode(joinItems(code.items));
    if (c) b.setPatient('gpPracticeCode', sourced(c.code, code.items, 0.95), true);
  }
  // Bare values in a banner, where no label said what they were.
  unlabelledBanner(lines, b);
  // Running headers and footers often repeat the NHS number and date of birth.
  inlineIdentifiers([...lines, ...fallbackLines], b);
  if (!b.hasPatient('address')) addressAfterName(lines, values, b);
  if (!b.hasPatient('gpPracticeName')) practiceByName(lines, b);
  checkPatient(b);
  flagUnread(lines, fallbackLines, b);
}

// Several 'Label: value' pairs printed as one run of text: cut before each label.
// Labels that cannot be ordinary words also cut without a colon ('Born 21/04/1970 Sex F').
// Not inside a label of several words ('Patient name:', 'Home address:', 'Registered practice:').
const INLINE_LABEL_BREAK =
  /(?<!(?:^|\s)(?:patient|home|usual|full|family|given|first|registered|gp|current|permanent|postal|residential))\s+(?=(?:NHS\s*(?:No\.?|Number|Num\.?|#)?|DOB|D\.O\.B\.?|Date of birth|Born|Gender|Sex|(?:Home\s+|Usual\s+)?Address|Post\s*code|(?:Patient\s+)?Name|Surname|Forename\(s\)|Forenames?|Given names?|Title|Registered (?:GP )?practice|GP practice|Practice(?: code)?|ODS(?: code)?)\s*:|(?:NHS\s*(?:No\.?|Number)|DOB|D\.O\.B\.|Date of birth|Sex|Gender)\s+\S|born\s+(?=\d))/i;

// Bars and dots that banners print between fields ('Mr Kofi ASANTE | NHS No: …'): no value holds one.
const FIELD_BAR = /\s*\|\s*|\s+[•·]\s+/;

function splitInlineLabels(line: Line): Line {
  const segments = line.segments.flatMap((seg) => {
    const groups = splitItems(seg.items, INLINE_LABEL_BREAK).flatMap((g) => splitItems(g, FIELD_BAR));
    return groups.length > 1 ? groups.map(makeSegment) : [seg];
  });
  return segments.length === line.segments.length ? line : { ...line, segments };
}

/**
 * A line of the patient's labelled identifiers ('Patient: Ms Grace Oduya  NHS: …  DOB: …'),
 * wherever it is printed: under a title that reads as a clinical heading ('Medicines
 * Reconciliation') it is still the patient, not an entry.
 */
export function isPatientLine(line: Line): boolean {
  const fields = new Set(splitInlineLabels(line).segments.map((seg) => labelOf(seg)?.field).filter((f) => f === 'nhs' || f === 'dob' || f === 'name' || f === 'family' || f === 'given'));
  return fields.size >= 2;
}

const DEMOGRAPHIC_COLUMNS: ColumnVocab[] = [
  { role: 'practiceCode', re: /^(?:practice code|ods code|ods|organisation code)$/ },
  { role: 'practice', re: /^(?:registered )?(?:gp )?(?:practice|surgery)(?: name)?$/ },
  { role: 'family', re: /^(?:surname|family name|last name)$/ },
  { role: 'given', re: /^(?:forenames?|forename s|given names?|given name s|first names?|first name s)$/ },
  { role: 'title', re: /^title$/ },
  { role: 'name', re: /^(?:patient|(?:patient|resident|client|service user|person)(?: s)? (?:full )?name|name|full name|patient details)$/ },
  { role: 'dob', re: /^(?:date of birth|dob|d o b|born|birth date|birthdate)$/ },
  { role: 'sex', re: /^(?:sex|gender)$/ },
  { role: 'nhs', re: /^nhs(?: no| number| num)?$/ },
  { role: 'address', re: /^(?:(?:home|usual|patient|current|residential|postal) )?address$/ },
  { role: 'postcode', re: /^post ?code$/ },
];

/**
 * Demographics printed as a table: a row of labels (which may wrap: 'Date of' over 'birth')
 * over a row of values (which may wrap too). Read with the same table reader as the
 * clinical sections; the first row is the patient.
 */
function tableValues(lines: Line[]): Value[] {
  const header = findHeader(lines, DEMOGRAPHIC_COLUMNS);
  if (!header || header.columns.filter((c) => c.role).length < 3) return [];
  const table = readTable(lines, header);
  // One patient: every line under the header belongs to the value row, until a line that
  // carries a label of its own ('Usual GP: …') or a gap opens.
  const rowLines: RowLine[] = [];
  for (const rl of table.rows.flatMap((r) => r.lines)) {
    const prev = rowLines[rowLines.length - 1]?.line;
    if (rl.line.segments.some((seg) => labelOf(seg))) break;
    if (prev && (prev.page !== rl.line.page || rl.line.y - prev.bottom > rl.line.size)) break;
    rowLines.push(rl);
  }
  if (!rowLines.length) return [];
  const values: Value[] = [];
  header.columns.forEach((c, k) => {
    if (!c.role) return;
    const perLine = rowLines.map((rl) => rl.cells[k] ?? []).filter((l) => l.length > 0);
    if (!perLine.length) return;
    // A cell's text wraps at the cell's edge: the next column, or for the last column the
    // widest line printed in it.
    const limit = header.columns[k + 1]?.x ?? Math.max(...perLine.flat().map((i) => i.x + i.width)) + 1;
    values.push({ field: c.role as Field, items: perLine.flat(), lines: perLine, x: c.x, limit, lastLine: rowLines[rowLines.length - 1]!.line });
  });
  return values;
}

export function collectLabelled(rawLines: Line[], pageWidth: number): Value[] {
  return [...tableValues(rawLines), ...labelledValues(rawLines, pageWidth)];
}

function labelledValues(rawLines: Line[], pageWidth: number): Value[] {
  const lines = rawLines.map(splitInlineLabels);
  const values: Value[] = [];
  const open: Value[] = [];
  const labelXs: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Under an open value and away from where labels stand, text continues the value even
    // when it starts with a label word ('Abbey Road Group' / 'Practice (J85699)').
    const hits = line.segments.map((seg) => {
      const continues = open.some((o) => Math.abs(o.x - seg.x) < 4 && o.lastLine.page === line.page);
      if (continues && !labelXs.some((x) => Math.abs(x - seg.x) < 4)) return null;
      return labelOf(seg);
    });
    line.segments.forEach((seg, k) => {
      if (hits[k] && !hits[k]!.rest.length) labelXs.push(seg.x);
    });
    const consumed = new Set<number>();
    line.segments.forEach((seg, k) => {
      const hit = hits[k];
      if (!hit) return;
      consumed.add(k);
      let items = hit.rest;
      let x = items[0]?.x ?? seg.right;
      if (items.length === 0) {
        const next = line.segments[k + 1];
        if (next && !hits[k + 1]) {
          items = next.items;
          x = next.x;
          consumed.add(k + 1);
        }
      }
      const limit = line.segments.slice(k + 1).find((_, j) => hits[k + 1 + j])?.x ?? pageWidth * 0.95;
      // 'Registered GP: Brookfield Health Centre (F83735)': a GP label over a practice.
      const field =
        hit.field === 'ignore' && /^(?:usual|registered|named)?\s*gp\b(?!\s*(?:address|tel|phone))/i.test(seg.text) && (PRACTICE_NAME.test(joinItems(items)) || findOdsCode(joinItems(items)))
          ? 'practice'
          : hit.field;
      if (field === 'ignore') return;
      const v: Value = { field, labelX: seg.x, items: [...items], lines: [items], x, limit, lastLine: line };
      values.push(v);
      if (items.length) open.push(v);
    });
    // Text standing where labels stand, but no label we know ('Emergency contact'): the
    // values above are finished, whatever is printed beside it.
    const near = (o: Value) => o.lastLine.page === line.page && o.lastLine !== line && line.y - o.lastLine.bottom < line.size * 1.2;
    // An address typed after its label in one cell wraps back under the label
    // ('Address: 12 Mill' / 'Lane, Otley' / 'LS21 3AB'), until its postcode.
    const wrapsUnderLabel = (o: Value, seg: Segment, k: number) =>
      k === 0 &&
      !hits[k] &&
      o.field === 'address' &&
      o.labelX !== undefined &&
      Math.abs(o.labelX - seg.x) < 4 &&
      near(o) &&
      !splitAddressPostcode(joinItems(o.items)).postcode;
    const wrapping = line.segments.length > 0 && open.some((o) => wrapsUnderLabel(o, line.segments[0]!, 0));
    const closers = line.segments.filter((seg, k) => !consumed.has(k) && !hits[k] && labelXs.some((x) => Math.abs(x - seg.x) < 4));
    if (!wrapping && closers.length) {
      // Values opened on this line go on; those above are finished, unless the text stands
      // in a column to their right (a second label-value column: 'ODS code' / 'F83735'
      // beside an address still wrapping in its own).
      const keep = open.filter((o) => o.lastLine === line || closers.every((seg) => seg.x >= o.limit - 2));
      open.splice(0, open.length, ...keep);
    }
    // Unlabelled segments under an open value continue it ('James (Mr)' under 'JOHNSON, Thomas').
    line.segments.forEach((seg, k) => {
      if (consumed.has(k)) return;
      const v = open.find((o) => near(o) && (Math.abs(o.x - seg.x) < 4 || wrapsUnderLabel(o, seg, k)));
      if (!v) return;
      v.items.push(...seg.items);
      v.lines.push(seg.items);
      v.lastLine = line;
    });
    for (let o = open.length - 1; o >= 0; o--) if (open[o]!.lastLine !== line) open.splice(o, 1);
  }
  return values;
}

/**
 * Joins a wrapped or multi-line address. A line break where the next word would have fitted
 * on the line above was meant (one address part per line), so it becomes ', '; a break
 * forced by the column's width is a space.
 */
function joinAddress(v: Value): string {
  // Lines that end in commas mark the address's parts themselves: the other breaks are wraps.
  const ends = v.lines.slice(0, -1).map((items) => joinItems(items).trim());
  if (ends.length >= 2 && ends.filter((t) => /,$/.test(t)).length / ends.length >= 0.5) {
    return v.lines.map((items) => joinItems(items).trim()).join(' ');
  }
  let out = '';
  v.lines.forEach((items, i) => {
    const text = joinItems(items).trim();
    if (i === 0) {
      out = text;
      return;
    }
    const prev = v.lines[i - 1]!;
    const prevRight = Math.max(...prev.map((it) => it.x + it.width));
    const firstWord = text.split(' ')[0] ?? '';
    const charW = items.reduce((a, it) => a + it.width, 0) / Math.max(1, items.reduce((a, it) => a + it.str.length, 0));
    const wrapped = prevRight + (firstWord.length + 1) * charW > v.limit - 2;
    // A line that stops on a place name's joining word ('Newcastle upon' / 'Tyne', 'Burton
    // on' / 'Trent') was cut inside the name, wherever the column's edge seemed to be.
    const cutInName = /\s(?:upon|on|under|in|by|super|de|le|la|en|cum|next|the)$/.test(out);
    out += wrapped || cutInName || /,\s*$/.test(out) ? ' ' + text : ', ' + text;
  });
  return out;
}

function postcodeItems(items: TextItem[]): TextItem[] {
  const flat = flatText(items);
  const m = /\b[A-Z]{1,2}\d[A-Z\d]?[\s,]*\d[A-Z]{2}\b/i.exec(flat);
  return m ? itemsForRange(items, m.index, m[0].length) : items;
}

function setName(items: TextItem[], b: RecordBuilder, confidence: number): boolean {
  // 'FITZGERALD, Kirsty (Dr), female' or 'Mr Oliver ROBINSON, 8, male': the age and sex
  // after the name are not part of it (the sex is kept, where no label gave one).
  let text = joinItems(items);
  // 'Mrs Alice WREN (DOB 12/12/1950)': the identifiers in brackets after the name are read
  // under their own labels, and are not part of it.
  const ids = /\s*\(\s*(?:dob|d\.o\.b\.?|date of birth|born|b\.|nhs(?:\s*(?:no\.?|number))?)\b[^)]*\)\s*$/i.exec(text);
  if (ids) {
    text = text.slice(0, ids.index);
    const at = flatText(items).indexOf(text.trim());
    items = at >= 0 ? itemsForRange(items, at, text.trim().length) : items;
  }
  // 'John Smith (Male, 45 years)': the sex and age in brackets after the name.
  const bracket = /\s*\(\s*(?:(male|female|m|f)\b\s*,?\s*)?(?:(?:aged?\s*)?\d{1,3}\s*(?:y(?:rs?|ears?)?(?:\s+old)?)?\s*,?\s*)?(?:(male|female|m|f)\b\s*)?\)\s*$/i.exec(text);
  if (bracket && (bracket[1] || bracket[2] || /\d/.test(bracket[0]))) {
    const said = bracket[1] ?? bracket[2];
    if (said && !b.hasPatient('sex')) {
      const at = flatText(items).lastIndexOf(said);
      b.setPatient('sex', sourced(/^m/i.test(said) ? 'male' : 'female', at >= 0 ? itemsForRange(items, at, said.length) : items, 0.85));
    }
    text = text.slice(0, bracket.index);
    const at = flatText(items).indexOf(text.trim());
    items = at >= 0 ? itemsForRange(items, at, text.trim().length) : items;
  }
  const tail = /,\s*(?:\d{1,3}\s*(?:y(?:rs?|ears?)?(?:\s+old)?)?\s*,\s*)?(male|female|man|woman|boy|girl)\s*\.?$|,\s*\d{1,3}\s*(?:y(?:rs?|ears?)?(?:\s+old)?)?\s*$/i.exec(text);
  if (tail) {
    const head = text.slice(0, tail.index);
    if (tail[1] && !b.hasPatient('sex')) {
      const at = flatText(items).lastIndexOf(tail[1]);
      b.setPatient('sex', sourced(/^(?:male|man|boy)$/i.test(tail[1]) ? 'male' : 'female', at >= 0 ? itemsForRange(items, at, tail[1].length) : items, 0.85));
    }
    const at = flatText(items).indexOf(head.trim());
    return setNameText(head, at >= 0 ? itemsForRange(items, at, head.trim().length) : items, b, confidence);
  }
  return setNameText(text, items, b, confidence);
}

function setNameText(text: string, items: TextItem[], b: RecordBuilder, confidence: number): boolean {
  const name = parsePersonName(text);
  // A name is made of letters, and printed with capitals: a stray separator or number, or
  // words of a sentence ('Re: your patient, DOB …'), read as one is no name.
  if (!name?.familyName || !/^\p{L}/u.test(name.familyName) || (name.givenName && /[^\p{L}\s'’.-]/u.test(name.givenName)) || !/\p{Lu}/u.test(text)) return false;
  b.setPatient('familyName', sourced(name.familyName, items, confidence), true);
  if (name.givenName) b.setPatient('givenName', sourced(name.givenName, items, confidence), true);
  if (name.title) b.setPatient('title', sourced(name.title, items, confidence), true);
  return true;
}

// 'is a 72 year old male', 'a 44-year-old woman', 'Freya Blackwell, 44, female'.
const SEX_IN_PROSE = /\b(?:aged?\s+)?\d{1,3}[- ]?(?:years?|yrs?|y)[- ]?(?:old)?,?\s+(male|female|man|woman|boy|girl|gentleman|lady)\b|(?:^|,)\s*\d{1,3},\s*(male|female)\b|,\s*(male|female)\s*[.,]?\s*$/i;

/** Sex stated in a sentence about the patient, not under a label. */
function sexInProse(lines: Line[], b: RecordBuilder): void {
  for (const line of lines.slice(0, 40)) {
    const flat = flatText(line.items);
    const m = SEX_IN_PROSE.exec(flat);
    if (!m) continue;
    const word = (m[1] ?? m[2] ?? m[3])!;
    const sex = /^(?:male|man|boy|gentleman)$/i.test(word) ? 'male' : 'female';
    const at = flat.indexOf(word, m.index);
    b.setPatient('sex', sourced(sex, itemsForRange(line.items, at, word.length), 0.85));
    return;
  }
}

/**
 * A banner of bare values: 'Declan DE SOUZA / Male / 02-JUN-1943 (82y) / 999 022 3327'. A
 * line whose parts include at least two of a valid NHS number, a sex and a date of birth (a
 * date with an age beside it) is the patient's; its name-like part is the name. Labelled
 * values found earlier are kept.
 */
function unlabelledBanner(lines: Line[], b: RecordBuilder): void {
  for (const line of lines.slice(0, 16)) {
    // Commas separate parts too where an age or a sex stands alone between them ('SMITH Dylan, 8, male').
    const commas = /,\s*(?:\d{1,3}|male|female|m|f)\s*(?:,|$)/i.test(line.text);
    let parts = line.segments.flatMap((seg) => splitItems(seg.items, commas ? /\s+[/|·•–—;]\s+|\s*[|·•;]\s*|,\s*/ : /\s+[/|·•–—;]\s+|\s*[|·•;]\s*/));
    // Values run together with single spaces ('MR Arjun EVANS 9995197308 05-JAN-1969 male'):
    // only where a number of the NHS number's shape passes its check digit, cut around it,
    // the date and the sex.
    if (parts.length < 2 && [...line.text.matchAll(/(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g)].some((m) => isValidNhsNumber(m[0].replace(/\D/g, '')))) {
      parts = line.segments.flatMap((seg) => splitItems(seg.items, BANNER_TOKEN_CUT));
    }
    if (parts.length < 2) continue;
    let age = false;
    let labelled = false;
    let nhs: TextItem[] | null = null;
    let sex: { value: 'male' | 'female' | 'other' | 'unknown'; items: TextItem[] } | null = null;
    let dob: { iso: string; items: TextItem[]; aged: boolean } | null = null;
    let name: TextItem[] | null = null;
    for (const part of parts) {
      const t = joinItems(part).trim();
      if (/^\d{3}[ -]?\d{3}[ -]?\d{4}$/.test(t) && isValidNhsNumber(t.replace(/\D/g, ''))) nhs = part;
      else if (/^(?:\d{1,3}|\(?\d{1,3}\s*y(?:rs?|ears?)?\)?|aged?\s+\d{1,3})$/i.test(t)) age = true;
      // A labelled identifier among the bare values ('Male | NHS No. 943 …'): read by its label
      // elsewhere, and evidence that this line is the patient's banner.
      else if (INLINE_NHS.test(t) || (INLINE_DOB.test(t) && findDates(t).length)) labelled = true;
      else if (normaliseSex(t)) sex = { value: normaliseSex(t)!, items: part };
      else if (findDates(t)[0]?.index === 0) {
        // A date is the birth date only with an age beside it, or in a line that also gives
        // the sex: a print date in a running header is neither.
        const d = findDates(t)[0]!;
        if (d.iso && !dob) dob = { iso: d.iso, items: itemsForRange(part, d.index, d.length), aged: /\(\s*\d{1,3}\s*y(?:rs?|ears?)?\s*\)|\baged?\s+\d{1,3}\b/i.test(t) };
      } else if (looksLikeName(t) || nameByForm(t)) name = part;
    }
    // Beside a valid NHS number, a date in the banner is the birth date too.
    if (dob && !dob.aged && !sex && !nhs) dob = null;
    if ([nhs, sex, dob, age, labelled].filter(Boolean).length < 2) continue;
    if (nhs) setNhs(nhs, b, 0.85);
    if (sex) b.setPatient('sex', sourced(sex.value, sex.items, 0.85));
    if (dob) b.setPatient('dateOfBirth', sourced(dob.iso, dob.items, 0.85));
    if (name && !b.hasPatient('familyName')) setName(name, b, 0.85);
    return;
  }
}

const BANNER_TOKEN_CUT =
  /\s+(?=\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d))|(?<=(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4})\s+|\s+(?=\d{1,2}[-/. ](?:\d{1,2}|[A-Za-z]{3,9})[-/. ]\d{2,4}(?!\d))|(?<=\d{1,2}[-/. ](?:\d{1,2}|[A-Za-z]{3,9})[-/. ]\d{4})\s+|\s+(?=(?:male|female)\b)/i;

/** Words that name an organisation, a document or a heading, never a person. */
const NOT_A_NAME =
  /\b(?:clinical|overview|demographics|letter|discharge|referral|continuity|cross[- ]border|emergency|summary|surgery|practice|centre|center|hospital|clinic|nhs|trust|viewer|summary|record|records|report|health|healthcare|medical|group|ltd|limited|partnership|department|ward|unit|services?|system|patient|details|information|gp|document|page|care|university|foundation|connect|access|view|printed|created|contact|show|problems?|allerg\w*|medications?)\b/i;
const PARTICLE = /^(?:de|la|le|van|von|der|den|da|di|du|al|el|bin|ben|mc|mac|o'|st\.?)$/i;

/** A run of words that can be a person's name as printed: capitalised words, no digits. */
function looksLikeName(t: string): boolean {
  if (/\d|[:;@/]/.test(t) || NOT_A_NAME.test(t)) return false;
  const words = t.replace(/\(\s*\w+\s*\)$/, '').replace(/,/g, ' ').split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > 7) return false;
  return words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w) || PARTICLE.test(w));
}

/** The printed form alone says it is a name: a title, or 'FAMILY, Given'. */
function nameByForm(t: string): boolean {
  return (
    /^\p{Lu}[\p{Lu}'’ -]+,\s*\p{L}/u.test(t) ||
    /^(?:mr|mrs|ms|miss|mx|dr|master|prof)\.?\s+\p{L}/iu.test(t) ||
    /\(\s*(?:mr|mrs|ms|miss|mx|dr|master)\s*\)\s*$/i.test(t) ||
    // 'Grace DELLA ROSA': given names, then the family name in capitals.
    /^\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)*\s+\p{Lu}{2,}(?:[ '’-]\p{Lu}{2,})*$/u.test(t)
  );
}

/**
 * The patient's name printed without a label, as banners print it: 'OKAFOR, Olivia (Ms)',
 * 'Mrs Aisha WILSON', 'Miss Freya Blackwell' beside 'DOB: …', or 'Martha DeLarosa' over
 * 'Birth Date: …'. A run of capitalised words is taken for the patient's name only with
 * evidence: its printed form (a title, 'FAMILY, Given'), or identifiers labelled on the same
 * line or within the next three. The first such run wins.
 */
function bannerName(lines: Line[], b: RecordBuilder): void {
  const identityNear = (i: number) =>
    lines.slice(i, i + 4).some((l) => l.segments.some((seg) => ['dob', 'nhs', 'sex'].includes(labelOf(seg)?.field ?? '')));
  const candidates: { seg: Segment; form: boolean }[] = [];
  // The letter's addressee ('Dear Dr Patel') is not the patient, wherever else they are named.
  const addressees = new Set(
    lines.flatMap((l) => {
      const m = /^dear\s+(?:(?:dr|mr|mrs|ms|miss|mx|prof)\.?\s+)?(?:\p{L}\.?\s+)*([\p{L}'’-]+)\s*,?$/iu.exec(l.segments[0]!.text.trim());
      return m ? [m[1]!.toLowerCase()] : [];
    }),
  );
  // Each part of a line: a name box printed beside the document's title ('Patient Medication
  // Record' … 'Mrs Ada OKONKWO') is the line's second part.
  const segs = lines.slice(0, 16).flatMap((l, i) => l.segments.map((seg, k) => ({ seg, i, k })));
  for (const { seg, i, k } of segs) {
    if (labelOf(seg)) continue;
    // Beside the first part, only a name in a name's own form, or labelled identifiers under it.
    if (k > 0 && labelOf(lines[i]!.segments[k - 1]!)) continue;
    const t = seg.text.trim().replace(/,\s*(?:\d{1,3}\s*,\s*)?(?:male|female)\s*$/i, '');
    const last = t.replace(/[(,].*$/, '').trim().split(/\s+/).pop()?.toLowerCase() ?? '';
    if (addressees.has(last)) continue;
    // A clinician's title alone ('Dr A Patel' at the head of a letter) is the writer or the
    // GP as often as the patient: it needs identifiers beside it, as an untitled name does.
    const form = nameByForm(t) && !/\d/.test(t) && !/^(?:dr|prof)\.?\s/i.test(t);
    if (!looksLikeName(t) && !form) continue;
    if (!form && !identityNear(i)) continue;
    candidates.push({ seg, form });
  }
  // A name that says it is one ('DR Amelia ASHWORTH-BELL') before a capitalised phrase that
  // merely could be ('Clinical Overview').
  candidates.sort((a, c) => Number(c.form) - Number(a.form));
  for (const c of candidates) {
    if (!setName(c.seg.items, b, c.form ? 0.85 : 0.8)) continue;
    if (!b.hasPatient('address')) addressBlock(lines, c.seg, b);
    return;
  }
}

/**
 * An address printed as a block under the name, a part per line down to the postcode
 * ('Flat 3, 22 Victoria Road' / 'Leeds' / 'LS6 1PF'), in the name's own column.
 */
function addressBlock(lines: Line[], name: Segment, b: RecordBuilder): void {
  const at = lines.findIndex((l) => l.segments.includes(name));
  const parts: Segment[] = [];
  for (let i = at + 1; i < lines.length && i <= at + 6; i++) {
    const seg = lines[i]!.segments.find((s) => Math.abs(s.x - name.x) < 3);
    if (!seg || lines[i]!.page !== lines[at]!.page || labelOf(seg) || findDates(seg.text).length) return;
    parts.push(seg);
    const { address, postcode } = splitAddressPostcode(parts.map((p) => p.text).join(', '));
    if (!postcode) continue;
    if (!address || !/\d/.test(address)) return;
    const items = parts.flatMap((p) => p.items);
    b.setPatient('address', sourced(address, items, 0.8));
    b.setPatient('postcode', sourced(postcode, postcodeItems(seg.items), 0.85));
    return;
  }
}

function setNhs(items: TextItem[], b: RecordBuilder, confidence: number): void {
  const flat = flatText(items);
  // From a scan, a number OCR misread ('999 886 5O85') is repaired only if modulus 11 passes.
  if (items.some((i) => i.conf !== undefined)) {
    const plain = findNhsNumberDigits(flat);
    if (!plain || !isValidNhsNumber(plain)) {
      const repaired = findNhsNumberCandidates(flat).find((c) => c.value);
      if (repaired?.value) {
        b.setPatient('nhsNumber', { ...sourced(repaired.value, itemsForRange(items, repaired.index, repaired.length), confidence), repairs: repaired.repairs });
        return;
      }
    }
  }
  const digits = findNhsNumberDigits(flat);
  if (!digits) return;
  const valid = isValidNhsNumber(digits);
  const m = /(\d{3})[ \u00a0-]?(\d{3})[ \u00a0-]?(\d{4})/.exec(flat);
  const src = m ? itemsForRange(items, m.index, m[0].length) : items;
  b.setPatient('nhsNumber', sourced(digits, src, valid ? confidence : 0.2));
  if (!valid) {
    b.warn({
      code: 'nhs-checksum',
      path: 'patient.nhsNumber',
      message: 'The NHS number fails its check digit (modulus 11). Check it against the document.',
    });
  }
}

function setDob(items: TextItem[], b: RecordBuilder): void {
  const flat = flatText(items);
  const d = findDates(flat)[0];
  if (!d?.iso) return;
  b.setPatient('dateOfBirth', sourced(d.iso, itemsForRange(items, d.index, d.length), 0.95));
}

const INLINE_NHS = /\bNHS\s*(?:no\.?|number|num\.?|#)?\s*[:.]?\s*(\d{3}[ -]?\d{3}[ -]?\d{4})\b/i;
const INLINE_DOB = /\b(?:DOB|D\.O\.B\.?|date of birth|born)\s*[:.]?\s*/i;

function inlineIdentifiers(lines: Line[], b: RecordBuilder): void {
  for (const line of lines) {
    if (b.hasPatient('nhsNumber') && b.hasPatient('dateOfBirth')) return;
    for (const seg of line.segments) {
      for (const part of splitItems(seg.items, /\s+[—–|]\s+/)) {
        const flat = flatText(part);
        if (!b.hasPatient('nhsNumber') && INLINE_NHS.test(flat)) setNhs(part, b, 0.8);
        const dobLabel = INLINE_DOB.exec(flat);
        if (!b.hasPatient('dateOfBirth') && dobLabel) {
          const rest = flat.slice(dobLabel.index + dobLabel[0].length);
          const d = findDates(rest)[0];
          if (d?.iso && d.index === 0) {
            b.setPatient('dateOfBirth', sourced(d.iso, itemsForRange(part, dobLabel.index + dobLabel[0].length, d.length), 0.8));
          }
        }
      }
    }
  }
}

/**
 * A letter prints the patient's address unlabelled, under 'Re: Mr A SMITH' and the date of
 * birth line. Only a line ending in a postcode, within three lines after the patient's
 * name or identifiers, is taken: the letterhead and the GP's address come before it.
 */
function addressAfterName(lines: Line[], values: Value[], b: RecordBuilder): void {
  // By reading-order index: the values hold copies of lines cut at inline labels.
  const anchors = values
    .filter((v) => v.field === 'name' || v.field === 'nhs' || v.field === 'dob')
    .map((v) => lines.findIndex((l) => l.index === v.lastLine.index && l.page === v.lastLine.page));
  const from = Math.max(-1, ...anchors);
  if (from < 0) return;
  for (let i = from + 1; i <= from + 3 && i < lines.length; i++) {
    const line = lines[i]!;
    if (line.segments.some((seg) => labelOf(seg))) continue;
    const { address, postcode } = splitAddressPostcode(line.text);
    if (!postcode || !address || !/\d/.test(address)) continue;
    b.setPatient('address', sourced(address, line.items, 0.85));
    b.setPatient('postcode', sourced(postcode, postcodeItems(line.items), 0.85));
    return;
  }
}

const PRACTICE_NAME = /\b(?:practice|surgery|medical centre|health centre|medical group|healthcare centre)\b/i;
// ('General Practice Summary': a document's title, not a practice.)
const NOT_A_PRACTICE = /\b(?:hospital|trust|infirmary|department|clinic|ward|foundation|university|address|tel|phone|summary|record|report|overview)\b/i;

/**
 * With no practice label, a line that names a practice (a letter's addressee, a letterhead,
 * 'GP: Dr Patel, Oakwood Surgery (B86001)'): the comma-separated part that names it.
 */
function practiceByName(lines: Line[], b: RecordBuilder): void {
  // A line of its own, or a part of a line that names the GP ('Usual GP: Dr Sarah Bell' …
  // 'Riverside Health Centre (M85011)').
  const texts = lines.flatMap((line) =>
    line.segments.length === 1 ? [{ line, text: line.text }] : /\b(?:gp|registered|practice)\b/i.test(line.text) ? line.segments.map((seg) => ({ line: { ...line, items: seg.items }, text: seg.text })) : [],
  );
  for (const { line, text } of texts) {
    const parts = text.replace(/^[^:]{1,25}:\s*/, '').split(/,\s*/);
    const at = parts.findIndex((p) => PRACTICE_NAME.test(p));
    if (at < 0) continue;
    const t = parts.slice(at).join(', ').trim();
    if (NOT_A_PRACTICE.test(t) || t.split(' ').length > 7) continue;
    if (/\d/.test(t.replace(/[([]?[A-Z]\d{5}[)\]]?/, ''))) continue;
    const p = parsePractice(t);
    if (p.name) b.setPatient('gpPracticeName', sourced(p.name, line.items, 0.8));
    if (p.code) b.setPatient('gpPracticeCode', sourced(p.code, line.items, 0.8));
    return;
  }
}

function checkPatient(b: RecordBuilder): void {
  const dob = b.record.patient.dateOfBirth;
  if (dob && dob > new Date().toISOString().slice(0, 10)) {
    b.warn({ code: 'dob-future', path: 'patient.dateOfBirth', message: 'The date of birth is in the future. Check it against the document.' });
  }
  if (!b.hasPatient('nhsNumber')) {
    b.warn({ code: 'nhs-missing', message: 'No NHS number was found in the document.' });
  }
}

// A label whose value says there is none ('Gender: N/A', 'GP Details: Not recorded').
const NO_VALUE = /^\s*[:.-]?\s*(?:n\/?a|none|not (?:known|recorded|stated|given|available)|unknown|-+)?\s*$/i;

/** The text after a label, on its line, when it is only a 'no value' marker. */
function labelledNothing(text: string, label: RegExp): boolean {
  const m = label.exec(text);
  if (!m) return false;
  const after = text.slice(m.index + m[0].length).split('\n')[0]!.trim().split(/\s{2,}/)[0] ?? '';
  return NO_VALUE.test(after);
}

/**
 * Patient details the document appears to print but the reader did not get: a label with a
 * value beside it, a postcode, an ODS code, a practice's name. Each such field is flagged for
 * staff to enter from the page; nobody identified at all flags the patient as a whole.
 */
function flagUnread(lines: Line[], fallback: Line[], b: RecordBuilder): void {
  const p = b.record.patient;
  if (!p.nhsNumber && !(p.familyName && p.dateOfBirth)) {
    b.warn({
      code: 'no-patient',
      path: 'patient',
      message: 'This document does not identify its patient (no NHS number, or no name with a date of birth). Find the patient and enter their NHS number, name and date of birth before approving.',
    });
    return;
  }
  const text = lines.map((l) => l.text).join('\n');
  const all = `${text}\n${fallback.map((l) => l.text).join('\n')}`;
  const checks: [keyof typeof p, boolean, string][] = [
    // Labelled ('NHS No', 'Identifier (NHS)'), or any number of its shape that passes its check digit.
    ['nhsNumber', (/\bNHS\s*(?:no|number|num|id|identifier)\b|\(\s*NHS\s*\)/i.test(all) && !labelledNothing(all, /\bNHS\s*(?:no\.?|number|num\.?)\s*:?/i)) || [...all.matchAll(/(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])/g)].some((m) => isValidNhsNumber(m[0].replace(/\D/g, ''))), 'NHS number'],
    ['dateOfBirth', /\b(?:date of birth|d\.?o\.?b\.?|born|birth ?date)\b/i.test(text) && !labelledNothing(text, /\b(?:date of birth|d\.?o\.?b\.?|birth ?date)\s*:?/i), 'date of birth'],
    ['sex', (/\b(?:sex|gender)\b/i.test(text) && !labelledNothing(text, /\b(?:sex|gender)\s*:?/i)) || /\b(?:male|female)\b/i.test(text), 'sex'],
    ['familyName', true, 'name'],
    ['address', /\baddress\b/i.test(text.replace(/\b(?:practice|surgery|gp|work|email|e-mail)\s+address\b/gi, '')) && !labelledNothing(text, /\baddress\s*:?/i), 'address'],
    ['postcode', /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/.test(text), 'postcode'],
    ['gpPracticeName', /\b(?:registered (?:gp|practice)|gp practice|practice|surgery|medical centre|health centre)\b/i.test(text) && !labelledNothing(text, /\b(?:gp details|practice|gp)\s*:/i), 'registered practice'],
    ['gpPracticeCode', /\b(?:ods|practice code)\b|[([]\s*[A-Z]\d{5}\s*[)\]]|[—–-]\s*[A-Z]\d{5}\b/i.test(text), 'practice code'],
  ];
  for (const [field, printed, name] of checks) {
    if (!printed || b.hasPatient(field)) continue;
    b.warn({
      code: 'field-not-read',
      path: `patient.${field}`,
      message: `The document seems to print the patient’s ${name}, but it could not be read. Enter it from the document.`,
    });
    // A UK address ends with its postcode: an address read without the postcode printed
    // for it may have been cut short, or run on into other text.
    if (field === 'postcode' && b.hasPatient('address')) {
      b.warn({
        code: 'address-doubtful',
        path: 'patient.address',
        message: 'The postcode that ends this address could not be read with it, so the address may be cut short or run into other text. Check it against the document.',
      });
    }
  }
}
