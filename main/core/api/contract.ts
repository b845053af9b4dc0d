import type { EngineEvent } from '../contract/job';
import type { SecurityState } from '../contract/security';
import type { Channel, RequestOf, ResponseOf } from './channels';

/**
 * The one contract between the renderer and main: the channel table (channels.ts, one row
 * per channel: request schema, response type, lock policy), the events main pushes, and
 * the API the renderer holds. Preload exposes one function per channel; the local web
 * server serves the same channels over HTTP/WS.
 */
export {
  CHANNELS,
  SubmitDocumentSchema,
  channels,
  isChannel,
  type Channel,
  type ChannelSpec,
  type DataKeyGrant,
  type LockPolicy,
  type PickedDocument,
  type ProviderTestStatus,
  type RequestOf,
  type ResponseOf,
  type ValidRequestOf,
} from './channels';
export { IPC_EVENT_CHANNEL, IPC_PREFIX, ipcChannel } from './ipc-names';
export {
  API_FAILURE_CODES,
  ApiCallError,
  fromApiFailure,
  isApiFailureCode,
  toApiFailure,
  type ApiFailure,
  type ApiFailureCode,
  type CallOutcome,
} from './failure';

/**
 * Web mode only, raised by the client itself: the event stream dropped ('offline'), came
 * back ('online': refetch jobs, events may have been missed), or the server no longer
 * accepts this tab's token ('unauthorised': it was restarted; open the link it printed).
 */
export interface ConnectionEvent {
  type: 'connection';
  state: 'online' | 'offline' | 'unauthorised';
}

/** The lock changed (another tab locked it, or it was unlocked): every window follows. */
export interface SecurityEvent {
  type: 'security';
  security: SecurityState;
}

/** Events main pushes to the renderer. */
export type ApiEvent = EngineEvent | ConnectionEvent | SecurityEvent;

/**
 * What preload exposes on window.scrApi, and what the web client implements. Through
 * getApi() (renderer/src/api) every call rejects with an ApiCallError (code + plain words);
 * window.scrApi itself rejects with the bare ApiFailure, because contextBridge strips
 * an Error's own fields.
 */
export type ScrApi = {
  [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>>;
} & {
  onEvent(listener: (event: ApiEvent) => void): () => void;
};
