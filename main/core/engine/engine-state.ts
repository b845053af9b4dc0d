import type { EngineState } from '../contract/job';
import { formatWait } from './clock';

/** Why provider-bound work cannot start now. */
export type GateBlock =
  | { reason: 'auth' }
  | { reason: 'provider-unreachable'; until: number | null; probing: boolean }
  | { reason: 'token-budget'; until: number }
  | { reason: 'rate-limit'; until: number; askedByProvider: boolean };

export const RUNNING: EngineState = { state: 'running', reason: null, message: 'running', nextTryAt: null };

/** The banner the UI shows, with the wait counted from `now`. */
export function engineStateFor(block: GateBlock | null, now: number): EngineState {
  if (!block) return RUNNING;
  switch (block.reason) {
    case 'auth':
      return { state: 'paused', reason: 'auth', message: 'paused: AI key rejected, check the AI settings', nextTryAt: null };
    case 'provider-unreachable': {
      let message = 'paused: provider unreachable, checking again now';
      if (!block.probing && block.until !== null) {
        message =
          block.until > now
            ? `paused: provider unreachable, next try in ${formatWait(block.until - now)}`
            : 'paused: provider unreachable, next try with the next document';
      }
      return { state: 'paused', reason: 'provider-unreachable', message, nextTryAt: block.until };
    }
    case 'token-budget':
      return { state: 'paused', reason: 'token-budget', message: 'paused: daily token budget reached', nextTryAt: block.until, limit: 'daily-tokens' };
    case 'rate-limit': {
      const what = block.askedByProvider ? 'the AI service asked us to slow down' : 'hourly request limit reached';
      return {
        state: 'paused',
        reason: 'rate-limit',
        message: `paused: ${what}, next try in ${formatWait(block.until - now)}`,
        nextTryAt: block.until,
        ...(block.askedByProvider ? {} : { limit: 'requests-per-hour' as const }),
      };
    }
  }
}

/** The job-level waiting reason: the banner without a countdown that would go stale. */
export function waitingReasonFor(block: GateBlock): string {
  switch (block.reason) {
    case 'auth':
      return 'paused: AI key rejected';
    case 'provider-unreachable':
      return 'paused: provider unreachable';
    case 'token-budget':
      return 'paused: daily token budget reached';
    case 'rate-limit':
      return block.askedByProvider ? 'paused: AI service asked us to slow down' : 'paused: hourly request limit reached';
  }
}

/** Identity of a pause, so that a state event goes out when it changes and not as its countdown ticks. */
export function blockKey(block: GateBlock | null): string {
  if (!block) return 'running';
  switch (block.reason) {
    case 'auth':
      return 'auth';
    case 'provider-unreachable':
      return `unreachable:${block.until}:${block.probing}`;
    case 'token-budget':
      return `budget:${block.until}`;
    case 'rate-limit':
      return `rate:${block.until}:${block.askedByProvider}`;
  }
}
