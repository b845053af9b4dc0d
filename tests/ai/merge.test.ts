import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import type { ExtractionWarning } from '../../main/core/contract/text';
import { extractWithRules } from '../../main/core/extract/rules/extract-record';
import { withFlags } from '../../main/core/extract/review-flags';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { OracleModel } from '../helpers/oracle/oracle-model';
import { scoreRecord } from '../helpers/score';
import { summaryDoc } from './helpers/docs';
import { chatRequests, openAiPort, promptText, signal } from './helpers/ports';

/**
 * Auto mode merges the rules' reading and the model's by evidence, field by field. The
 * rules results here are constructed: the rules' reading of a small GP summary with the
 * errors and flags each test plants (the flags contract of issue 10), and a model that
 * reads the truth. What the review screen needs is on the record: which values the model
 * added or changed, and both readings wherever the two disagree.
 */
let server: FakeOpenAiServer;
const doc = summaryDoc();

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  const oracle = new OracleModel({ noInvention: true });
  oracle.add({ id: 'summary', truth: doc.truth });
  server.setHandler(oracle.respond);
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

/** The rules' reading of the summary, changed by `edit`, with `warnings` as its doubts. */
function rulesWith(edit: (r: ExtractionResult) => void, warnings: ExtractionWarning[] = []): ExtractionResult {
  const r = structuredClone(extractWithRules(doc.text));
  edit(r);
  const { flags: _old, ...rest } = r;
  return withFlags({ ...rest, warnings: [...rest.warnings, ...warnings] });
}

async function auto(rules: ExtractionResult) {
  const port = openAiPort(server);
  const plan = port.plan(doc.text, rules, 'auto');
  if (!plan) return { result: rules, requests: 0 };
  const { result } = await port.run(doc.text, rules, plan, { signal: signal() });
  return { result, requests: chatRequests(server).length };
}

const doubt = (path: string): ExtractionWarning => ({ code: 'low-confidence', message: 'check it', path });

describe('merge by evidence, field by field', () => {
  it('the rules read this summary cleanly: no flags, no call', async () => {
    const clean = rulesWith(() => undefined);
    expect(clean.flags).toEqual([]);
    const { result, requests } = await auto(clean);
    expect(requests).toBe(0);
    expect(result).toBe(clean);
  });

  it('where both read the same, confidence rises, the rules’ doubt ends, and the value is marked confirmed', async () => {
    const rules = rulesWith((r) => (r.confidence['medications.1.dosage'] = 0.3));
    expect(rules.flags.map((f) => f.path)).toEqual(['medications.1.dosage']);
    const { result } = await auto(rules);
    expect(result.record.medications[1]!.dosage).toBe('One tablet at night');
    expect(result.confidence['medications.1.dosage']).toBeGreaterThanOrEqual(0.9);
    expect(result.provenance['medications.1.dosage']).toMatchObject({ merge: 'confirmed' });
    expect(result.flags).toEqual([]);
  });

  it('where they differ and the rules were unsure, the model’s grounded value is kept: changed, flagged, both readings shown', async () => {
    const rules = rulesWith((r) => (r.record.medications[1]!.dosage = 'One tablet'), [doubt('medications.1.dosage')]);
    const { result } = await auto(rules);
    expect(result.record.medications[1]!.dosage).toBe('One tablet at night');
    expect(result.provenance['medications.1.dosage']).toMatchObject({
      extractor: 'ai',
      merge: 'changed',
      alternative: { extractor: 'rules', value: 'One tablet' },
    });
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'extractors-disagree', path: 'medications.1.dosage', claimed: 'One tablet' }));
    expect(result.flags).toContainEqual(expect.objectContaining({ path: 'medications.1.dosage', code: 'extractors-disagree' }));
  });

  it('where they differ and the rules were sure, the rules’ value is kept: flagged, with the model’s reading beside it', async () => {
    // The section is sent for another doubt; the rules are sure of Simvastatin's quantity.
    const rules = rulesWith((r) => (r.record.medications[1]!.quantity = '56 tablet'), [doubt('medications.2.dosage')]);
    const { result } = await auto(rules);
    expect(result.record.medications[1]!.quantity).toBe('56 tablet');
    expect(result.provenance['medications.1.quantity']).toMatchObject({ extractor: 'rules', merge: 'kept', alternative: { extractor: 'ai', value: '28 tablet' } });
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'extractors-disagree', path: 'medications.1.quantity', claimed: '28 tablet' }));
  });

  it('a value the rules doubted and the model, reading the same text, found none for: left empty, flagged with the rules’ reading', async () => {
    const rules = rulesWith(
      (r) => {
        r.record.patient.gpPracticeName = 'GP Summary';
        r.provenance['patient.gpPracticeName'] = { ...r.provenance['patient.familyName']!, text: 'GP Summary' };
      },
      [doubt('patient.gpPracticeName')],
    );
    const { result } = await auto(rules);
    expect(result.record.patient.gpPracticeName).toBeNull();
    expect(result.provenance['patient.gpPracticeName']).toMatchObject({ merge: 'changed', alternative: { extractor: 'rules', value: 'GP Summary' } });
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'extractors-disagree', path: 'patient.gpPracticeName', claimed: 'GP Summary' }));
  });

  it('a value only the model read is added, marked as the model’s', async () => {
    const rules = rulesWith((r) => {
      r.record.patient.sex = null;
      delete r.provenance['patient.sex'];
      delete r.confidence['patient.sex'];
    }, [doubt('patient.sex')]);
    const { result } = await auto(rules);
    expect(result.record.patient.sex).toBe('female');
    expect(result.provenance['patient.sex']).toMatchObject({ extractor: 'ai', merge: 'added' });
    expect(result.flags).toEqual([]);
    // Only the banner was sent for it.
    const prompt = promptText(chatRequests(server)[0]!);
    expect(prompt).toContain('999 886 5085');
    expect(prompt).not.toContain('Simvastatin');
  });

  it('a section whose rows the rules may have missed: the model’s missing entry is added and the section’s flag ends', async () => {
    const rules = rulesWith((r) => {
      r.record.problems.pop();
      for (const k of Object.keys(r.provenance)) if (k.startsWith('problems.1.')) delete r.provenance[k];
      for (const k of Object.keys(r.confidence)) if (k.startsWith('problems.1.')) delete r.confidence[k];
    }, [{ code: 'section-unread-text', message: 'rows may be missing', path: 'problems' }]);
    const { result } = await auto(rules);
    expect(result.record.problems.map((p) => p.term)).toEqual(['Essential hypertension', 'Asthma']);
    expect(result.provenance['problems.1.term']).toMatchObject({ extractor: 'ai', merge: 'added' });
    expect(result.provenance['problems.0.term']).toMatchObject({ extractor: 'rules', merge: 'confirmed' });
    expect(result.flags).toEqual([]);
    expect(scoreRecord(doc.truth, result.record).score.fp + scoreRecord(doc.truth, result.record).score.fn).toBe(
      scoreRecord(doc.truth, extractWithRules(doc.text).record).score.fp + scoreRecord(doc.truth, extractWithRules(doc.text).record).score.fn,
    );
  });

  it('an entry the rules read that the model, reading the same section entry by entry, did not: left out, the section flagged with the rules’ reading', async () => {
    const rules = rulesWith((r) => {
      r.record.problems.push({ term: 'Description', date: null });
      r.provenance['problems.2.term'] = { ...r.provenance['problems.0.term']!, text: 'Description' };
      r.confidence['problems.2.term'] = 0.9;
    }, [{ code: 'section-kind-disputed', message: 'check', path: 'problems' }]);
    const { result } = await auto(rules);
    expect(result.record.problems.map((p) => p.term)).toEqual(['Essential hypertension', 'Asthma']);
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'extractors-disagree', path: 'problems', claimed: 'Description' }));
  });

  it('an entry the rules themselves doubted, which the model did not list, is left out without a flag', async () => {
    const rules = rulesWith((r) => {
      r.record.problems.push({ term: 'Date', date: null });
      r.provenance['problems.2.term'] = { ...r.provenance['problems.0.term']!, text: 'Date' };
    }, [{ code: 'item-kind-doubtful', message: 'may not be a problem', path: 'problems.2' }]);
    const { result } = await auto(rules);
    expect(result.record.problems.map((p) => p.term)).toEqual(['Essential hypertension', 'Asthma']);
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'dropped-after-ai', claimed: 'Date' }));
    expect(result.flags).toEqual([]);
  });

  it('an entry the rules filed under the wrong list takes the model’s kind; flagged where the rules were sure of theirs', async () => {
    const rules = rulesWith((r) => {
      const allergy = r.record.allergies.pop()!;
      r.record.medications.push({ category: 'repeat', name: allergy.description, dosage: null, quantity: null, date: allergy.date, endDate: null });
      r.provenance['medications.3.name'] = r.provenance['allergies.0.description']!;
      r.confidence['medications.3.name'] = 0.95;
      for (const k of Object.keys(r.provenance)) if (k.startsWith('allergies.')) delete r.provenance[k];
      for (const k of Object.keys(r.confidence)) if (k.startsWith('allergies.')) delete r.confidence[k];
    }, [doubt('allergies')]);
    const { result } = await auto(rules);
    expect(result.record.allergies.map((a) => a.description)).toEqual(['Erythromycin intolerance']);
    expect(result.record.medications.map((m) => m.name)).not.toContain('Erythromycin intolerance');
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'extractors-disagree', path: 'allergies.0', claimed: 'medications' }));
  });

  it('entries in sections the model was not sent stay exactly as the rules read them', async () => {
    const rules = rulesWith((r) => (r.record.medications[2]!.dosage = 'One capsule'), [doubt('problems.0.date')]);
    const { result } = await auto(rules);
    expect(result.record.medications[2]!.dosage).toBe('One capsule');
    expect(result.provenance['medications.2.dosage']).toEqual(rules.provenance['medications.2.dosage']);
    expect(result.warnings.some((w) => w.path?.startsWith('medications'))).toBe(false);
  });

  it('a record with no patient identity asks about the patient, even unflagged', async () => {
    const rules = rulesWith((r) => {
      for (const f of ['nhsNumber', 'dateOfBirth'] as const) {
        r.record.patient[f] = null;
        delete r.provenance[`patient.${f}`];
        delete r.confidence[`patient.${f}`];
      }
    });
    expect(rules.flags).toEqual([]);
    const { result, requests } = await auto(rules);
    expect(requests).toBe(1);
    expect(result.record.patient).toMatchObject({ nhsNumber: '9998865085', dateOfBirth: '1985-10-18' });
    expect(result.provenance['patient.nhsNumber']).toMatchObject({ extractor: 'ai', merge: 'added' });
  });

  it('the no-patient flag ends when the model finds who the patient is', async () => {
    const rules = rulesWith(
      (r) => {
        for (const f of ['nhsNumber', 'familyName', 'givenName', 'dateOfBirth'] as const) {
          r.record.patient[f] = null;
          delete r.provenance[`patient.${f}`];
          delete r.confidence[`patient.${f}`];
        }
      },
      [{ code: 'no-patient', message: 'link the patient', path: 'patient' }],
    );
    const { result } = await auto(rules);
    expect(result.record.patient.nhsNumber).toBe('9998865085');
    expect(result.flags.map((f) => f.code)).not.toContain('no-patient');
  });
});
