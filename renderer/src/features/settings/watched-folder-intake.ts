import { getApi } from '../../api';
import { addPicked } from '../inbox/add-files';

/**
 * While the app is open, takes the PDFs main found in the watched folder and adds them as
 * if they had been chosen in the file dialog: stored sealed here, shown in the inbox,
 * submitted by id (main reads the file). Main hands each file to one caller once, so two
 * windows never both take it. Asked every few seconds: a plain loop, the same in both modes.
 * While locked the open app (and this loop) is unmounted, and files wait in main.
 */
export const WATCH_POLL_MS = 3000;

export function startWatchedIntake(pollMs = WATCH_POLL_MS): () => void {
  let stopped = false;
  let busy = false;
  const tick = async () => {
    if (stopped || busy) return;
    busy = true;
    try {
      const { files } = await getApi().takeWatchedFiles({});
      if (files.length > 0 && !stopped) await addPicked(files);
    } catch {
      // Main unreachable or locked: files stay in the folder and main hands them over later.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), pollMs);
  void tick();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
