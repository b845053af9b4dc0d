import type { ExtractionResult, SectionReport, UnreadText } from '../../contract/extraction';
import {
  emptyRecord,
  type Allergy,
  type Medication,
  type Patient,
  type Problem,
  type ScrRecord,
} from '../../contract/record';
import type { ExtractionWarning, Provenance, TextItem } from '../../contract/text';
import { boxesOf, type Line } from '../../layout/lines';
import { withFlags } from '../review-flags';
import { isAmbiguousNumericDate, type DateOrderEvidence } from '../../normalise/dates';
import { itemsConfidenceFactor, OCR_CLEAN_CONF, OCR_REVIEW_BELOW } from '../../normalise/ocr-text/confidence';

/** A value together with the printed items it was read from. */
export interface Sourced<T> {
  value: T;
  items: TextItem[];
  /** 0..1; OCR word confidence lowers it further when the items carry one. */
  confidence: number;
  /** Characters changed by a checked OCR repair made while reading the value. */
  repairs?: number;
}

const OCR_CEILING = 0.9;

/** Identifiers that must be right or flagged when they come from a scan. */
const KEY_FIELDS = new Set(['patient.nhsNumber', 'patient.dateOfBirth', 'patient.postcode']);
const FIELD_NAMES: Record<string, string> = {
  'patient.nhsNumber': 'NHS number',
  'patient.dateOfBirth': 'date of birth',
  'patient.postcode': 'postcode',
};

export function sourced<T>(value: T, items: TextItem[], confidence: number): Sourced<T> {
  return { value, items, confidence };
}

type Fields<T> = { [K in keyof T]?: Sourced<T[K]> | null };

/**
 * Collects values with provenance and confidence as the section parsers find them, and
 * hands out the contract record plus the side tables keyed by field path.
 */
/** Month-first-only dates that settle a document's date order (see orderWellProven). */
const WELL_PROVEN = 3;

export class RecordBuilder {
  /**
   * What the document's dates say about their order. A date that reads either way round
   * ('3/4/2020') is flagged where the document prints month first, or where it prints
   * both orders: day first is then only a guess.
   */
  constructor(private readonly dates: DateOrderEvidence = { order: 'dmy', dayFirst: 0, monthFirst: 0 }) {}

  readonly record: ScrRecord = emptyRecord();
  private readonly provenance: Record<string, Provenance> = {};
  private readonly confidence: Record<string, number> = {};
  readonly warnings: ExtractionWarning[] = [];
  readonly sections: SectionReport[] = [];

  private note(path: string, s: Sourced<unknown>): void {
    if (s.value === null || s.value === undefined || s.value === '') return;
    const text = s.items.map((i) => i.str).join(' ').replace(/\s+/g, ' ').trim();
    this.provenance[path] = { boxes: boxesOf(s.items), text, extractor: 'rules' };
    // Scanned words lower the value's confidence, repaired ones a little more.
    const repairs = s.items.reduce((n, i) => n + (i.repaired ?? 0), 0) + (s.repairs ?? 0);
    const factor = itemsConfidenceFactor(s.items, repairs);
    // Read from pixels, a value is never as sure as one from a text layer, however clean the
    // words looked to OCR: OCR misplaces rows and headings as well as letters.
    const ceiling = s.items.some((i) => i.conf !== undefined) ? OCR_CEILING : 1;
    if (s.items.some((i) => i.conf !== undefined && (i.conf < OCR_CLEAN_CONF || (i.repaired ?? 0) > 0))) this.unsureOcr.add(path);
    this.confidence[path] = round(Math.max(0, Math.min(ceiling, s.confidence * factor)));
    if (s.items.some((i) => i.conf !== undefined) && KEY_FIELDS.has(path)) this.flagScanned(path, repairs);
    if (/(?:date|endDate|dateOfBirth)$/.test(path) && this.dates.monthFirst > 0 && !this.orderWellProven() && isAmbiguousNumericDate(text)) {
      this.confidence[path] = Math.min(this.confidence[path]!, 0.85);
      this.ambiguousDates.push(path);
    } else if (/(?:date|endDate|dateOfBirth)$/.test(path) && this.dates.dayFirst === 0 && this.dates.monthFirst === 0 && isAmbiguousNumericDate(text)) {
      this.unprovenDates.push(path);
    }
  }

  /** Dates that read either way round, gathered so that each list is flagged once. */
  private readonly ambiguousDates: string[] = [];
  /**
   * Dates that read either way round in a document where none settles the order. Day first
   * is the UK's way, and a UK record shows itself by an NHS number or a postcode; a
   * document with neither (a US 'Continuity of Care Document') may print them month first.
   */
  private readonly unprovenDates: string[] = [];

  /**
   * Month first, shown by several dates that can only be read that way and none that can
   * only be read day first: '3/4/2020' in such a document is 4 March, and a flag on every
   * such date would send staff to check what the document has already settled. One or two
   * such dates could be a stray (a timestamp from another system), so they settle nothing.
   */
  private orderWellProven(): boolean {
    return this.dates.order === 'mdy' && this.dates.dayFirst === 0 && this.dates.monthFirst >= WELL_PROVEN;
  }

  private flagAmbiguousDates(): void {
    if (!this.hasPatient('nhsNumber') && !this.hasPatient('postcode') && this.unprovenDates.length) {
      for (const path of this.unprovenDates) this.confidence[path] = Math.min(this.confidence[path] ?? 1, 0.85);
      this.ambiguousDates.push(...this.unprovenDates);
      this.unprovenDates.length = 0;
    }
    const order =
      this.dates.order === 'mdy'
        ? 'This document prints dates month first, so they were read month first'
        : this.dates.monthFirst === 0
          ? 'Nothing in this document shows which way round it prints dates, and it has no NHS number or UK postcode; they were read day first, as UK records print them'
          : 'This document prints dates both day first and month first; they were read day first';
    const byList = new Map<string, number>();
    for (const path of this.ambiguousDates) {
      const scope = path.startsWith('patient.') ? path : path.split('.')[0]!;
      byList.set(scope, (byList.get(scope) ?? 0) + 1);
    }
    for (const [scope, n] of byList) {
      this.warn({
        code: 'date-ambiguous',
        path: scope,
        message: `${n === 1 ? 'A date here reads' : `${n} dates here read`} either way round (3/4/2020 is 4 March or 3 April). ${order}. Check ${n === 1 ? 'it' : 'them'} against the document.`,
      });
    }
  }

  hasPatient(field: keyof Patient): boolean {
    return this.record.patient[field] !== null && this.record.patient[field] !== undefined;
  }

  setPatient<K extends keyof Patient>(field: K, s: Sourced<Patient[K]> | null, overwrite = false): void {
    if (!s || s.value === null || s.value === undefined || s.value === '') return;
    if (this.hasPatient(field) && !overwrite) return;
    this.record.patient[field] = s.value;
    this.note(`patient.${field}`, s);
  }

  private addItem<T extends object>(list: T[], name: string, fields: Fields<T>, defaults: T): number {
    const item = { ...defaults };
    for (const [k, s] of Object.entries(fields) as [keyof T, Sourced<unknown> | null | undefined][]) {
      if (s && s.value !== undefined) (item as Record<keyof T, unknown>)[k] = s.value;
    }
    const index = list.length;
    list.push(item);
    (this.itemSections[name] ??= []).push(this.section);
    for (const [k, s] of Object.entries(fields) as [string, Sourced<unknown> | null | undefined][]) {
      if (s) this.note(`${name}.${index}.${k}`, s);
    }
    return index;
  }

  addAllergy(fields: Fields<Allergy>): number {
    return this.addItem(this.record.allergies, 'allergies', fields, { description: '', reaction: null, date: null });
  }

  addMedication(fields: Fields<Medication>): number {
    return this.addItem(this.record.medications, 'medications', fields, {
      category: 'repeat',
      name: '',
      dosage: null,
      quantity: null,
      date: null,
      endDate: null,
    });
  }

  addProblem(fields: Fields<Problem>): number {
    return this.addItem(this.record.problems, 'problems', fields, { term: '', date: null });
  }

  /** A scanned identifier that was repaired or read with low confidence is shown to staff. */
  private flagScanned(path: string, repairs: number): void {
    const name = FIELD_NAMES[path] ?? path;
    if (repairs > 0) {
      this.warn({ code: 'ocr-repaired', path, message: `The ${name} was read from a scanned page and a character OCR often confuses was corrected. Check it against the document.` });
    } else if ((this.confidence[path] ?? 1) <= OCR_REVIEW_BELOW) {
      this.warn({ code: 'ocr-low-confidence', path, message: `The ${name} was read from a scanned page that is hard to read. Check it against the document.` });
    }
  }

  private readonly unread: UnreadText[] = [];

  /** Values read by OCR where it was unsure of a word (or repaired one). */
  readonly unsureOcr = new Set<string>();

  /** The section being read, so that each item knows its siblings (see item-checks.ts). */
  section = -1;
  readonly itemSections: Record<string, number[]> = {};
  readonly sectionForms = new Map<number, string>();

  /** Lines no value was read from, listed by place with their section. */
  unreadLines(lines: Line[], section: string, clinical: boolean): void {
    for (const l of lines) {
      const box = boxesOf(l.items)[0];
      if (box) this.unread.push({ page: l.page, box, text: l.text, section, clinical });
    }
  }

  warn(w: ExtractionWarning): void {
    this.warnings.push(w);
  }

  result(layout: string): ExtractionResult {
    this.flagAmbiguousDates();
    return withFlags({
      record: this.record,
      provenance: this.provenance,
      confidence: this.confidence,
      warnings: this.warnings,
      extractor: 'rules',
      layout,
      sections: this.sections,
      unread: this.unread,
    });
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
