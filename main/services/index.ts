export { createServices, type Services, type ServicesOptions } from './services';
export { createHandlers, type Handlers, type HostPorts, type SessionInfo } from './handlers';
export { createSettingsStore, type SettingsStore } from './settings-store';
export { createMemoryKeyStore, type KeyStore } from './key-store';
export { createEventHub, type EventHub } from './event-hub';
export { defaultDataDir } from './data-dir';
export type { AiLink } from './ai-link';
