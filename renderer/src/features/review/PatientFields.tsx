import type { FullRecord } from '../../db/rows';
import { EditableField } from './EditableField';
import { PATIENT_SPECS } from './fields';

export function PatientFields({ row, onEdit }: { row: FullRecord; onEdit(path: string, value: string | null): Promise<void> }) {
  return (
    <section aria-labelledby="patient-title" className="app-section" data-testid="patient-fields">
      <h2 className="nhsuk-heading-m" id="patient-title">
        Patient
      </h2>
      <div className="app-field-grid">
        {PATIENT_SPECS.map((spec) => {
          const path = `patient.${spec.key}`;
          return (
            <EditableField
              key={path}
              spec={spec}
              path={path}
              value={(row.record.patient as Record<string, unknown>)[spec.key]}
              provenance={row.provenance[path]}
              confidence={row.confidence[path]}
              warnings={row.warnings.filter((w) => w.path === path)}
              onCommit={(value) => onEdit(path, value)}
            />
          );
        })}
      </div>
    </section>
  );
}
