import type { ProviderConfig, ProviderKind } from '../core/contract/settings';

/**
 * Where a provider configuration sends requests (and with them the key and the documents'
 * text): the origin of its address, and its kind. A saved key is bound to this (see
 * provider-keys.ts), so changing the address or the kind needs the key typed again.
 */
export interface ProviderEndpoint {
  kind: ProviderKind;
  /** scheme://host:port, as URL.origin gives it. */
  origin: string;
}

/** The OpenAI SDK's own default, when no address is set for the 'openai' kind. */
export const OPENAI_DEFAULT_URL = 'https://api.openai.com/v1';

function addressOf(config: ProviderConfig): string | undefined {
  switch (config.kind) {
    case 'openai':
      return config.baseUrl ?? OPENAI_DEFAULT_URL;
    case 'azure':
      return config.azureEndpoint;
    case 'compatible':
      return config.baseUrl;
  }
}

/** Which settings field holds the address, for a refusal that names it. */
export function addressField(config: ProviderConfig): string {
  return config.kind === 'azure' ? 'provider.azureEndpoint' : 'provider.baseUrl';
}

export function endpointOf(config: ProviderConfig | null): ProviderEndpoint | null {
  const address = config ? addressOf(config) : undefined;
  if (!config || !address) return null;
  try {
    return { kind: config.kind, origin: new URL(address).origin };
  } catch {
    return null;
  }
}

/** 127.0.0.0/8, ::1 and localhost: a server on this computer. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

export const PLAIN_HTTP_REFUSED =
  'The AI service address must start with https://. Plain http:// is allowed only for a server on this computer (127.0.0.1 or localhost): over the network it would send the key and the documents’ text unencrypted.';

/**
 * Plain-English reason this configuration's address may not be used, or null. https
 * anywhere; plain http only to loopback (the key and patient text would otherwise cross
 * the network in the clear); nothing else.
 */
export function endpointRefusal(config: ProviderConfig | null): string | null {
  const address = config ? addressOf(config) : undefined;
  if (!config || !address) return null;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'The AI service address is not a web address. Check it in Settings.';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  return PLAIN_HTTP_REFUSED;
}
