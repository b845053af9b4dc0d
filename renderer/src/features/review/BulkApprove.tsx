import { useEffect, useRef, useState } from 'react';
import { approveRecords, planBulkApproval, type BulkApprovalPlan } from '../../db/bulk-approve';
import { plural } from '../../lib/format';
import { exportApproved } from '../export/export-approved';
import { bulkApprovalBlockers } from './bulk-approval';

type Step = { kind: 'idle' } | { kind: 'checking' } | { kind: 'confirm'; plan: BulkApprovalPlan } | { kind: 'approving'; count: number } | { kind: 'done'; message: string };

/** Reasons, counted: "The NHS number is not valid (3)". */
function reasonCounts(plan: BulkApprovalPlan): [string, number][] {
  const counts = new Map<string, number>();
  for (const b of plan.blocked) for (const r of b.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts];
}

/**
 * "Approve every record with nothing to check": first works out exactly which records that
 * is (each checked as approving it by hand would be) and asks, stating the number; only then
 * approves. Records with a field that is not valid are named by reason and left for review.
 */
export function BulkApprove({ candidates }: { candidates: number }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (step.kind === 'confirm') confirmRef.current?.focus();
  }, [step.kind]);

  const check = async () => {
    setStep({ kind: 'checking' });
    try {
      setStep({ kind: 'confirm', plan: await planBulkApproval(bulkApprovalBlockers) });
    } catch {
      setStep({ kind: 'done', message: 'The records could not be checked. Try again.' });
    }
  };
  const approve = async (plan: BulkApprovalPlan) => {
    setStep({ kind: 'approving', count: plan.ids.length });
    try {
      const done = await approveRecords(plan.ids, bulkApprovalBlockers);
      // One file for the approval (more past the records per file); failures show on every screen.
      void exportApproved(done);
      const changed = plan.ids.length - done.length;
      setStep({
        kind: 'done',
        message: `Approved ${plural(done.length, 'record')}.${changed > 0 ? ` ${plural(changed, 'record')} changed meanwhile and ${changed === 1 ? 'was' : 'were'} left for review.` : ''}`,
      });
    } catch {
      setStep({ kind: 'done', message: 'Not every record could be approved. Try again.' });
    }
  };

  return (
    <div className="app-bulk-approve" data-testid="bulk-approve">
      {step.kind === 'confirm' ? (
        <div className="nhsuk-card app-confirm" role="group" aria-labelledby="bulk-approve-title" tabIndex={-1} ref={confirmRef} data-testid="bulk-approve-confirm">
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-heading-m" id="bulk-approve-title">
              {step.plan.ids.length ? `Approve ${plural(step.plan.ids.length, 'record')}?` : 'No record can be approved this way'}
            </h2>
            <p className="nhsuk-body" data-testid="bulk-approve-count">
              {step.plan.ids.length
                ? `${plural(step.plan.ids.length, 'record')} waiting for review ${step.plan.ids.length === 1 ? 'has' : 'have'} nothing left to check and will be approved in your name.`
                : 'Every record waiting for review has something left to check or a field that is not valid.'}
            </p>
            {step.plan.blocked.length ? (
              <>
                <p className="nhsuk-body" data-testid="bulk-approve-blocked">
                  {plural(step.plan.blocked.length, 'record')} with nothing flagged will not be approved, because:
                </p>
                <ul className="nhsuk-list nhsuk-list--bullet">
                  {reasonCounts(step.plan).map(([reason, n]) => (
                    <li key={reason}>
                      {reason} ({n.toLocaleString('en-GB')})
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <div className="app-button-row">
              {step.plan.ids.length ? (
                <button type="button" className="nhsuk-button nhsuk-u-margin-bottom-0" onClick={() => void approve(step.plan)} data-testid="bulk-approve-yes">
                  Yes, approve {plural(step.plan.ids.length, 'record')}
                </button>
              ) : null}
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" onClick={() => setStep({ kind: 'idle' })}>
                Cancel
              </button>
            </div>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          disabled={candidates === 0 || step.kind === 'checking' || step.kind === 'approving'}
          onClick={() => void check()}
          data-testid="bulk-approve-start"
        >
          {step.kind === 'checking' ? 'Checking records…' : step.kind === 'approving' ? `Approving ${plural(step.count, 'record')}…` : `Approve records with nothing to check (${candidates.toLocaleString('en-GB')})`}
        </button>
      )}
      <div role="status" data-testid="bulk-approve-status">
        {step.kind === 'done' ? <p className="nhsuk-body">{step.message}</p> : null}
      </div>
    </div>
  );
}
