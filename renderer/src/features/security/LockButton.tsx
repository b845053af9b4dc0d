import { useSecurity } from '../../state/security';
import { lockNow } from './gate';

/** In the header while a passcode is set: lock now, before walking away. */
export function LockButton() {
  const enabled = useSecurity((s) => s.security?.lockEnabled ?? false);
  if (!enabled) return null;
  return (
    <button type="button" className="nhsuk-button nhsuk-button--reverse nhsuk-button--small app-header__lock" data-testid="lock-button" onClick={() => void lockNow('button')}>
      Lock
    </button>
  );
}
