import { focusHeadingOnNextScreen } from '../../components/PageHeading';
import { navigate } from '../../state/route';
import { KeyHint } from './KeyHint';
import { keyFor, LIST_KEYS, useShortcuts } from './keys';
import { neighbourNeedingReview } from './record-order';
import { useState } from 'react';

/**
 * Beside the review list: opens the first record (in the list's order) that needs review,
 * by its button or its key, so a review session starts without hunting for the row.
 */
export function StartReviewing() {
  const [none, setNone] = useState(false);
  const start = async () => {
    const first = await neighbourNeedingReview(null, 1);
    setNone(!first);
    if (!first) return;
    focusHeadingOnNextScreen();
    navigate({ screen: 'review', recordId: first });
  };
  useShortcuts(LIST_KEYS, () => void start());
  const key = keyFor('start', LIST_KEYS);
  return (
    <div className="app-actions" role="region" aria-label="Start reviewing" data-testid="start-reviewing">
      <div className="app-actions__inner">
        <button type="button" className="nhsuk-button nhsuk-u-margin-bottom-0" aria-keyshortcuts="N" data-testid="review-next" onClick={() => void start()}>
          Review the first record that needs it <KeyHint label={key.label} />
        </button>
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0" role="status">
          {none ? 'No record needs review.' : ''}
        </p>
      </div>
    </div>
  );
}
