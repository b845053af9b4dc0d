import type { SectionKind } from '../../contract/extraction';

export { CLINICAL_KINDS as CLINICAL } from '../../layout/headings';

/** The record's list a clinical section's entries go into (acute, repeat and discontinued are all medication). */
export function listName(kind: SectionKind): 'allergies' | 'medications' | 'problems' {
  return kind === 'allergies' || kind === 'problems' ? kind : 'medications';
}
